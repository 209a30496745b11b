package uk.nhs.hub.bench;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the bench's own PostgreSQL does with no hub in front of it, durably (it runs with synchronous_commit=on
 * and fsync=on, as the hub's does): single-row inserts from 32 clients and from one, a transaction shaped like a
 * post (move one network's event number on, then two inserts) from 32 clients, and the same work in batches of 16
 * posts per transaction. Measured first, on the same machine and database, so the hub's figures can be read as a
 * share of what the database allows rather than against numbers from another day.
 */
final class DatabaseLimit {

    /** Posts per transaction in the batched post-shaped workload, as in issue 17's measurement. */
    static final int BATCH = 16;

    /** The four rates, per second. */
    record Rates(double insertsMany, double insertsOne, double postShaped, double postShapedBatched) {
    }

    private final DataSource database;
    private final int seconds;
    private final int clients;

    DatabaseLimit(DataSource database, int seconds, int clients) {
        this.database = database;
        this.seconds = seconds;
        this.clients = clients;
    }

    Rates measure() throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS bench_limit");
            s.execute("CREATE TABLE IF NOT EXISTS bench_limit.networks (id int PRIMARY KEY, event_seq bigint NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS bench_limit.rows (id bigserial PRIMARY KEY, network int NOT NULL, body text NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS bench_limit.events (network int NOT NULL, seq bigint NOT NULL, body text NOT NULL,"
                + " PRIMARY KEY (network, seq))");
            s.execute("INSERT INTO bench_limit.networks VALUES (1, 0) ON CONFLICT DO NOTHING");
        }
        double many = rate(clients, this::insertOne);
        double one = rate(1, this::insertOne);
        double shaped = rate(clients, this::postShaped);
        double batched = rate(clients, this::postShapedBatch);
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA bench_limit CASCADE");
        }
        return new Rates(many, one, shaped, batched);
    }

    private interface Work {
        /** Does one unit of work on the connection and says how many rows (or posts) it wrote. */
        int run(Connection connection) throws SQLException;
    }

    private double rate(int threads, Work work) throws Exception {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> running = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long began = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try (Connection connection = database.getConnection()) {
                    while (System.nanoTime() < end) {
                        done.add(work.run(connection));
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return done.sum() / ((System.nanoTime() - began) / 1e9);
    }

    private int insertOne(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_limit.rows (network, body) VALUES (1, 'a row')")) {
            insert.executeUpdate();
        }
        return 1;
    }

    private int postShaped(Connection connection) throws SQLException {
        return posts(connection, 1);
    }

    private int postShapedBatch(Connection connection) throws SQLException {
        return posts(connection, BATCH);
    }

    /** One transaction: the network's row locked and moved on by {@code n}, then n rows and n events. */
    private int posts(Connection connection, int n) throws SQLException {
        connection.setAutoCommit(false);
        try (PreparedStatement advance = connection.prepareStatement(
                "UPDATE bench_limit.networks SET event_seq = event_seq + ? WHERE id = 1 RETURNING event_seq");
             PreparedStatement row = connection.prepareStatement(
                 "INSERT INTO bench_limit.rows (network, body) SELECT 1, 'a post' FROM generate_series(1, ?)");
             PreparedStatement event = connection.prepareStatement(
                 "INSERT INTO bench_limit.events (network, seq, body) SELECT 1, ? - g, 'an event' FROM generate_series(0, ? - 1) g")) {
            advance.setInt(1, n);
            long last;
            try (ResultSet result = advance.executeQuery()) {
                result.next();
                last = result.getLong(1);
            }
            row.setInt(1, n);
            row.executeUpdate();
            event.setLong(1, last);
            event.setInt(2, n);
            event.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        return n;
    }
}
