package uk.nhs.hub.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures a hub the way browsers and clients use it. It starts its own PostgreSQL (embedded) and the hub from
 * {@code hub-server/target/hub-server.jar} as a separate process, then: cold starts, post accept latency for one
 * poster and throughput for many, fan-out over the real SockJS WebSocket bridge to 140 and 5,000 subscribers,
 * idle live connections and the hub's memory per connection, and thread pages read concurrently. It prints a
 * table and writes {@code BENCHMARKS.md}. Run: {@code mvn -B -ntp -pl hub-bench exec:java} (after a package);
 * {@code -Dexec.args="--smoke"} runs it small.
 */
public final class HubBench {

    /** What to measure and how hard. */
    record Options(Path hubJar, int seconds, List<Integer> fanout, int posters, int idle, int readers, int replies,
                   Path out, boolean smoke, boolean papersOnly, Set<String> only, double scale, int warmup) {

        /** Measurements {@code --only} can name; the cold starts always run, as they start the hub. */
        static final List<String> MEASUREMENTS = List.of("pglimit", "single", "many", "spread", "fanout", "idle", "thread", "home",
            "papers", "national");

        boolean runs(String measurement) {
            return only.isEmpty() || only.contains(measurement);
        }

        /** The national day runs only when named, and then alone: it needs the hub and machine to itself. */
        boolean nationalDay() {
            return only.contains("national");
        }

        static Options parse(String[] args) {
            Path jar = Path.of("hub-server/target/hub-server.jar");
            if (!Files.exists(jar)) {
                jar = Path.of("../hub-server/target/hub-server.jar");
            }
            int seconds = -1;
            double scale = 1.0;
            List<Integer> fanout = List.of(140, 5000);
            int posters = 32;
            int idle = 19_000;
            int readers = 16;
            int replies = 500;
            Path out = Path.of(Files.exists(Path.of("hub-bench")) ? "BENCHMARKS.md" : "../BENCHMARKS.md");
            boolean smoke = false;
            boolean papersOnly = false;
            Set<String> only = Set.of();
            int warmup = 10;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--smoke" -> {
                        smoke = true;
                        seconds = seconds < 0 ? 1 : seconds;
                        fanout = List.of(20);
                        posters = 4;
                        idle = 100;
                        readers = 2;
                        replies = 60;
                        out = null;
                    }
                    case "--hub-jar" -> jar = Path.of(args[++i]);
                    case "--papers-only" -> {
                        papersOnly = true;
                        out = null;
                    }
                    case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                    case "--scale" -> scale = Double.parseDouble(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--posters" -> posters = Integer.parseInt(args[++i]);
                    case "--idle" -> idle = Integer.parseInt(args[++i]);
                    case "--readers" -> readers = Integer.parseInt(args[++i]);
                    case "--out" -> out = "-".equals(args[i + 1]) ? null : Path.of(args[i + 1]);
                    case "--only" -> {
                        only = Set.of(args[++i].split(","));
                        if (!MEASUREMENTS.containsAll(only)) {
                            throw new IllegalArgumentException("--only takes some of " + MEASUREMENTS);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (options: --smoke, --papers-only, --hub-jar, --seconds, --posters, --idle, --readers, --out, --only, --scale, --warmup)");
                }
                if (args[i].equals("--out")) {
                    i++;
                }
            }
            if (seconds < 0) {
                // a national day needs a minute for its broadcast's responses to arrive as issue 17 describes
                seconds = only.contains("national") ? 60 : 10;
            }
            return new Options(jar.toAbsolutePath(), seconds, fanout, posters, idle, readers, replies, out, smoke, papersOnly, only,
                scale, warmup);
        }
    }

    /** One measured figure against its target. */
    record Figure(String name, String measured, String target, Boolean met) {
    }

    private static final String PASSWORD = "copper harbour violet 93";
    /** The networks the spread posters post in: more networks than posters, as in issue 17's figure. */
    private static final int SPREAD_NETWORKS = 34;

    private final Options options;
    private final Vertx vertx;
    private final WebClient http;
    private final WebSocketClient sockets;
    private final List<Figure> figures = new ArrayList<>();
    private int port;
    private Process hub;
    /** The database's own rate for post-shaped transactions, when measured, to read the hub's posts per second against. */
    private DatabaseLimit.Rates databaseLimit;
    /** The national day's outcome, when it ran. */
    private NationalDay.Result nationalResult;

    HubBench(Options options) {
        this.options = options;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        this.http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1"),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(Math.max(8, Math.max(options.posters(), options.readers()) * 2)));
        this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
            .setConnectTimeout(30_000));
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        HubBench bench = new HubBench(options);
        try {
            bench.run();
            bench.report();
        } finally {
            bench.close();
        }
        System.exit(0);
    }

    /**
     * Runs every measurement; the figures are then in {@link #figures()}. Its working folder (the hub's logs; the
     * database removes its own files) is removed after a run that finished, and kept, with a line saying where,
     * after one that failed.
     */
    void run() throws Exception {
        if (!Files.exists(options.hubJar())) {
            throw new IllegalStateException("no hub jar at " + options.hubJar() + ": run mvn -B -ntp -DskipTests package first");
        }
        Path work = Files.createTempDirectory("hub-bench");
        try {
            measure(work);
        } catch (Exception | Error e) {
            System.out.println("The hub's logs are kept in " + work);
            throw e;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(work)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // the figures matter more than the folder: say so and go on to report them
            System.out.println("Could not remove " + work + ": " + e.getMessage());
        }
    }

    private void measure(Path work) throws Exception {
        try (EmbeddedPostgres database = startDatabase(work.resolve("pg"))) {
            System.out.println("PostgreSQL commits synchronously (synchronous_commit=on, fsync=on): every 201 measured is durable");
            String url = "postgresql://postgres:postgres@localhost:" + database.getPort() + "/postgres";
            if (!options.papersOnly() && options.runs("pglimit")) {
                databaseLimit(database);
            }
            if (options.nationalDay()) {
                launch(url, work, work.resolve("hub.log"));
                nationalDay(database);
                return;
            }
            if (options.papersOnly()) {
                launch(url, work, work.resolve("hub.log"));
            } else {
                coldStarts(url, work);
            }
            Session organiser = register("bench.organiser");
            String network = post(organiser, "/api/networks", new JsonObject().put("name", "Benchmark network")
                .put("slug", "benchmark-network").put("visibility", "private")).getString("id");
            if (options.papersOnly()) {
                papers(organiser, network);
                return;
            }
            List<Session> posters = new ArrayList<>();
            for (int i = 0; i < options.posters(); i++) {
                posters.add(member(organiser, network, "bench.poster" + i));
            }
            List<Session> subscribers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                subscribers.add(member(organiser, network, "bench.reader" + i));
            }
            String thread = post(organiser, "/api/networks/" + network + "/threads",
                new JsonObject().put("title", "Benchmark thread").put("body", "Opening")).getString("id");
            if (options.runs("single")) {
                statements(database, "single", () -> singlePoster(posters.get(0), thread));
            }
            if (options.runs("many")) {
                statements(database, "many", () -> manyPosters(posters, poster -> thread, posters.size() + " posters in one network",
                    ">= 1,500 posts/s, p99 <= 50 ms", 1500));
            }
            if (options.runs("spread")) {
                statements(database, "spread", () -> spreadPosters(organiser));
            }
            if (options.runs("fanout")) {
                for (int subscriberCount : options.fanout()) {
                    fanout(subscribers, posters.get(0), network, thread, subscriberCount);
                }
            }
            if (options.runs("idle")) {
                idleConnections(subscribers, network);
            }
            if (options.runs("thread")) {
                statements(database, "thread", () -> threadPages(organiser, posters, network));
            }
            if (options.runs("home")) {
                statements(database, "home", () -> homePages(organiser, posters, network));
            }
            if (options.runs("papers")) {
                papers(organiser, network);
            }
        } finally {
            stopHub();
        }
    }

    /**
     * The benchmark's own PostgreSQL, committing as the hub's does: zonky's builder defaults to
     * synchronous_commit=off, under which a 201 can be sent for a post a crash then loses, so posts per second
     * measured on it would not be durable ones.
     */
    static EmbeddedPostgres startDatabase(Path directory) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(true)
            .setServerConfig("max_connections", "200")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("fsync", "on")
            .setServerConfig("shared_preload_libraries", STATEMENTS > 0 ? "pg_stat_statements" : "")
            .start();
    }

    /**
     * -Dhub.bench.statements=N prints, after each posting and page measurement, the N statements that took the
     * database the most time during it (pg_stat_statements): where a figure's database time goes.
     */
    private static final int STATEMENTS = Integer.getInteger("hub.bench.statements", 0);

    private static void statements(EmbeddedPostgres database, String measurement, Runnable measure) {
        if (STATEMENTS <= 0) {
            measure.run();
            return;
        }
        try (java.sql.Connection c = database.getPostgresDatabase().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            measure.run();
            System.out.println("Statements taking the most database time during " + measurement + " (ms in all, calls, mean ms, rows, statement):");
            try (java.sql.ResultSet rows = s.executeQuery("SELECT round(total_exec_time::numeric, 1), calls, rows, "
                + "regexp_replace(query, '\\s+', ' ', 'g'), round(mean_exec_time::numeric, 2) FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT " + STATEMENTS)) {
                while (rows.next()) {
                    String query = rows.getString(4);
                    System.out.printf(java.util.Locale.ROOT, "  %10s ms %8d calls %8s ms %9d rows  %s%n", rows.getString(1),
                        rows.getLong(2), rows.getString(5), rows.getLong(3), query.length() > 160 ? query.substring(0, 160) + "..." : query);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not read pg_stat_statements", e);
        }
    }

    /** Keeps a figure and prints it at once, so a run that fails later still shows what it measured. */
    private void record(Figure figure) {
        figures.add(figure);
        System.out.println(figure.name() + ": " + figure.measured());
    }

    List<Figure> figures() {
        return figures;
    }

    /** The same database with no hub in front of it: see {@link DatabaseLimit}. */
    private void databaseLimit(EmbeddedPostgres database) throws Exception {
        DatabaseLimit.Rates rates = new DatabaseLimit(database.getPostgresDatabase(), options.smoke() ? 1 : Math.min(options.seconds(), 10),
            options.posters()).measure();
        databaseLimit = rates;
        record(new Figure("The database alone, durable (as pgbench would measure it): single-row inserts/s with "
            + options.posters() + " clients and with 1; post-shaped transactions/s (lock one network row, two inserts) with "
            + options.posters() + "; posts/s in batches of " + DatabaseLimit.BATCH,
            String.format(Locale.UK, "%.0f and %.0f inserts/s; %.0f posts/s; %.0f posts/s batched", rates.insertsMany(),
                rates.insertsOne(), rates.postShaped(), rates.postShapedBatched()),
            "(the ceiling the hub's posts are read against)", null));
    }

    /** The national day's figures: one a kind of request, then what the machine did and how many members a core served. */
    private void nationalDay(EmbeddedPostgres database) throws Exception {
        String load = uptime();
        NationalDay day = new NationalDay(vertx, port, database.getPostgresDatabase(), hub.pid(), options.scale(), options.seconds(), options.warmup(),
            this::heapUsed, theDay -> statements(database, "the national day", theDay));
        NationalDay.Result result = day.run();
        nationalResult = result;
        NationalDay.Size size = result.size();
        String scale = options.scale() == 1.0 ? "" : String.format(Locale.UK, " (scale %s)", options.scale());
        for (NationalDay.Operation operation : result.operations().values()) {
            double p99 = operation.latencies.percentileMillis(99);
            int errors = operation.errors.get();
            record(new Figure("National day" + scale + ": " + operation.name + " (" + rateOf(operation.name, size) + ")",
                String.format(Locale.UK, "%,d done, p50 %s, p99 %s, max %s, %d errors", operation.latencies.count(),
                    ms(operation.latencies.percentileMillis(50)), ms(p99), ms(operation.maxMicros.get() / 1000.0), errors)
                    + (operation.firstErrors.isEmpty() ? "" : " (" + String.join("; ", operation.firstErrors) + ")"),
                "p99 <= 100 ms, no errors", operation.latencies.count() > 0 && p99 <= 100 && errors == 0));
        }
        NationalDay.Resources used = result.resources();
        record(new Figure("National day" + scale + ": hub CPU (share of all " + result.cores() + " cores) average / peak; PostgreSQL's "
                + "average; machine CPU average / peak; hub heap used average / peak; PostgreSQL client connections open, and busy "
                + "(in a statement or transaction), average / peak",
            String.format(Locale.UK, "hub %.0f%% / %.0f%%; PostgreSQL %.0f%%; machine %.0f%% / %.0f%%; heap %,d / %,d MB; "
                    + "connections open %.1f / %d, busy %.1f / %d; statements most often seen running (once a second): %s",
                used.hubCpuPercent(), used.hubCpuPeakPercent(), used.databaseCpuPercent(), used.machineCpuPercent(),
                used.machinePeakPercent(), used.heapAverageMb(), used.heapPeakMb(), used.databaseConnectionsAverage(),
                used.databaseConnectionsPeak(), used.databaseBusyAverage(), used.databaseBusyPeak(), String.join("; ", used.busiestStatements()).replace("|", "\\|")),
            "(observed; load average before the day " + load + ", after " + uptime() + ")", null));
        double perCore = (double) size.members() / result.cores();
        // the hub shares the machine with PostgreSQL and the load generator; headroom is what the machine left idle
        double headroom = Math.max(0, 100 - used.machineCpuPercent());
        record(new Figure("National day" + scale + ": members one node serves per core, "
                + String.format(Locale.UK, "%,d live connections held (%,d live events delivered)", used.connectionsOpen(),
                    used.liveEventsDelivered()),
            String.format(Locale.UK, "%,.0f members per core with %.0f%% of the machine's CPU idle (%,.0f per core if the "
                + "busy share grew in proportion to full use)", perCore, headroom,
                used.machineCpuPercent() > 0 ? perCore * 100 / used.machineCpuPercent() : Double.NaN),
            "(observed)", null));
    }

    private static String rateOf(String operation, NationalDay.Size size) {
        return switch (operation) {
            case "post" -> String.format(Locale.UK, "%.0f/s across networks", size.postsPerSecond());
            case "home page", "network page", "thread page", "meeting page" ->
                String.format(Locale.UK, "HTML, a quarter of %.0f page views/s", size.pagesPerSecond());
            case "broadcast sent" -> String.format(Locale.UK, "to %,d networks", size.broadcastTargets());
            case "broadcast response" -> String.format(Locale.UK, "%,d within a minute", size.responses());
            case "CSV import" -> String.format(Locale.UK, "%,d members", size.imported());
            default -> "";
        } + String.format(Locale.UK, "; %,d networks, %,d members, %,d live connections", size.networks(), size.members(),
            size.connections());
    }

    private static String uptime() {
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return load[0] + ", " + load[1] + ", " + load[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    NationalDay.Result nationalResult() {
        return nationalResult;
    }

    void close() {
        stopHub();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    // ---- the hub process ----------------------------------------------------------------------------------

    private void coldStarts(String url, Path work) throws Exception {
        List<Long> starts = new ArrayList<>();
        List<Long> reported = new ArrayList<>();
        int runs = options.smoke() ? 2 : 4;
        for (int i = 0; i < runs; i++) {
            Path log = work.resolve("hub-" + i + ".log");
            long begun = System.nanoTime();
            launch(url, work, log);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun);
            String text = Files.readString(log, StandardCharsets.UTF_8);
            java.util.regex.Matcher started = java.util.regex.Pattern.compile("started in (\\d+) ms").matcher(text);
            if (i > 0) {
                starts.add(millis);
                if (started.find()) {
                    reported.add(Long.parseLong(started.group(1)));
                }
            }
            if (i < runs - 1) {
                stopHub();
            }
        }
        Collections.sort(starts);
        long median = starts.get(starts.size() / 2);
        record(new Figure("Cold start: process start to ready (database already running, migrations applied); median of "
            + starts.size(), median + " ms" + (reported.isEmpty() ? "" : " (the hub's own log: " + reported + " ms)"), "<= 1,500 ms",
            median <= 1500));
    }

    /** Starts the hub process on a free port and waits until it is ready. */
    private void launch(String url, Path work, Path log) throws Exception {
        port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xms256m", "-Xmx1g"));
        // -Dhub.bench.profile=<file.jfr> records the hub with JDK Flight Recorder, to find where a figure's time goes;
        // -Dhub.bench.profile.settings=<file.jfc> records with other settings (a shorter sampling period, say)
        String profile = System.getProperty("hub.bench.profile");
        if (profile != null && !profile.isBlank()) {
            command.add("-XX:StartFlightRecording=filename=" + profile + ",settings="
                + System.getProperty("hub.bench.profile.settings", "profile"));
        }
        command.addAll(List.of("-jar", options.hubJar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("HUB_"));
        env.put("HUB_DATABASE_URL", url);
        env.put("HUB_DATABASE_POOL_SIZE", "16");
        env.put("HUB_HOST", "127.0.0.1");
        env.put("HUB_PORT", String.valueOf(port));
        env.put("HUB_BASE_URL", "http://127.0.0.1:" + port);
        env.put("HUB_DATA_DIR", work.resolve("hub").toString());
        env.put("HUB_POSTS_PER_MINUTE", "1000000");
        // -Dhub.bench.instances=N runs N HTTP server instances (0, the default, is one per processor)
        env.put("HUB_HTTP_INSTANCES", System.getProperty("hub.bench.instances", "0"));
        hub = builder.start();
        waitReady();
    }

    private void waitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!hub.isAlive()) {
                throw new IllegalStateException("the hub exited with " + hub.exitValue());
            }
            try {
                // a request sent as the hub starts listening can go unanswered (a metrics error in the hub), so ask again
                if (join(http.get(port, "127.0.0.1", "/ready").timeout(2000).send()).statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the hub did not become ready within two minutes");
    }

    private void stopHub() {
        if (hub != null && hub.isAlive()) {
            hub.destroy();
            try {
                if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                    hub.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    // ---- the API as clients use it ------------------------------------------------------------------------

    /** A signed-in client: its bearer token and the cookies a browser would hold. */
    record Session(String token, String cookie, String email) {
    }

    private Session register(String name) {
        String email = name + "@bench.nhs.uk";
        join(http.post(port, "127.0.0.1", "/api/auth/register").sendJsonObject(new JsonObject().put("email", email)
            .put("password", PASSWORD).put("displayName", name)));
        HttpResponse<Buffer> login = join(http.post(port, "127.0.0.1", "/api/auth/login")
            .sendJsonObject(new JsonObject().put("email", email).put("password", PASSWORD)));
        if (login.statusCode() != 200) {
            throw new IllegalStateException("sign-in failed: " + login.bodyAsString());
        }
        StringBuilder cookie = new StringBuilder();
        login.cookies().forEach(set -> cookie.append(cookie.length() == 0 ? "" : "; ").append(set, 0, set.indexOf(';')));
        return new Session(login.bodyAsJsonObject().getString("token"), cookie.toString(), email);
    }

    private Session member(Session organiser, String network, String name) {
        Session session = register(name);
        post(organiser, "/api/networks/" + network + "/members", new JsonObject().put("email", session.email()).put("role", "member"));
        return session;
    }

    private JsonObject post(Session as, String path, JsonObject body) {
        HttpResponse<Buffer> response = join(http.post(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + as.token())
            .sendJsonObject(body));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " failed: " + response.statusCode() + " " + response.bodyAsString());
        }
        return response.bodyAsJsonObject();
    }

    private Future<HttpResponse<Buffer>> reply(Session as, String thread, String text) {
        return http.post(port, "127.0.0.1", "/api/threads/" + thread + "/posts").putHeader("Authorization", "Bearer " + as.token())
            .sendJsonObject(new JsonObject().put("body", text));
    }

    // ---- measurements -------------------------------------------------------------------------------------

    private void singlePoster(Session poster, String thread) {
        Latencies latencies = new Latencies();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds());
        int i = 0;
        while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            HttpResponse<Buffer> response = join(reply(poster, thread, "Single poster " + i++));
            if (response.statusCode() == 201) {
                latencies.record(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
            }
        }
        double median = latencies.percentileMillis(50);
        record(new Figure("Post accept latency, one poster (p50 / p99)", ms(median) + " / " + ms(latencies.percentileMillis(99)),
            "p50 <= 3 ms", median <= 3));
    }

    /**
     * As many posters as in one network, each alone in a network of their own among {@code SPREAD_NETWORKS}, so
     * that their posts share no network lock.
     */
    private void spreadPosters(Session organiser) {
        Map<Session, String> threadOf = new HashMap<>();
        List<Session> posters = new ArrayList<>();
        for (int n = 0; n < SPREAD_NETWORKS; n++) {
            String network = post(organiser, "/api/networks", new JsonObject().put("name", "Spread network " + n)
                .put("slug", "spread-network-" + n).put("visibility", "private")).getString("id");
            String thread = post(organiser, "/api/networks/" + network + "/threads",
                new JsonObject().put("title", "Spread thread").put("body", "Opening")).getString("id");
            if (n < options.posters()) {
                Session poster = member(organiser, network, "bench.spread" + n);
                posters.add(poster);
                threadOf.put(poster, thread);
            }
        }
        manyPosters(posters, threadOf::get, posters.size() + " posters spread over " + SPREAD_NETWORKS + " networks",
            ">= 2,500 posts/s, p99 <= 50 ms", 2500);
    }

    private void manyPosters(List<Session> posters, java.util.function.Function<Session, String> threadOf, String who,
                             String target, double perSecondTarget) {
        Latencies latencies = new Latencies();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(options.seconds());
        List<Future<Void>> loops = new ArrayList<>();
        for (int p = 0; p < posters.size(); p++) {
            Session poster = posters.get(p);
            Promise<Void> done = Promise.promise();
            loops.add(done.future());
            vertx.runOnContext(v -> postLoop(poster, threadOf.apply(poster), end, latencies, accepted, failed, done, 0));
        }
        join(Future.all(loops));
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = accepted.get() / seconds;
        double p99 = latencies.percentileMillis(99);
        record(new Figure(who + ": durable posts per second (each committed and flushed to disk before its 201), p50 / p99",
            String.format(Locale.UK, "%.0f posts/s, %s / %s", perSecond, ms(latencies.percentileMillis(50)), ms(p99))
                + (failed.get() > 0 ? ", " + failed.get() + " refused" : "")
                + (databaseLimit == null ? "" : String.format(Locale.UK, "; %.1f%% of the database's own batched post-shaped rate",
                    100 * perSecond / databaseLimit.postShapedBatched())),
            target, perSecond >= perSecondTarget && p99 <= 50));
    }

    private void postLoop(Session poster, String thread, long end, Latencies latencies, AtomicInteger accepted,
                          AtomicInteger failed, Promise<Void> done, int i) {
        if (System.nanoTime() >= end) {
            done.complete();
            return;
        }
        long sent = System.nanoTime();
        reply(poster, thread, "Concurrent post " + i).onComplete(result -> {
            if (result.succeeded() && result.result().statusCode() == 201) {
                latencies.record(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
                accepted.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
            postLoop(poster, thread, end, latencies, accepted, failed, done, i + 1);
        });
    }

    /** Opens {@code count} bridge connections registered for the network, spread over the subscriber accounts. */
    private List<WebSocket> connect(List<Session> accounts, String network, int count,
                                    java.util.function.BiConsumer<Integer, String> onEvent) {
        List<WebSocket> opened = Collections.synchronizedList(new ArrayList<>());
        int batch = 200;
        for (int from = 0; from < count; from += batch) {
            List<Future<WebSocket>> connecting = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + batch); i++) {
                int index = i;
                Session account = accounts.get(i % accounts.size());
                connecting.add(sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setURI("/eventbus/websocket").addHeader("Cookie", account.cookie())
                        .addHeader("Origin", "http://127.0.0.1:" + port))
                    .compose(socket -> {
                        if (onEvent != null) {
                            // the text of each frame as it came, not parsed: 5,000 subscribers each parsing every
                            // event would spend the cores the hub shares with this client
                            socket.handler(data -> onEvent.accept(index, data.toString(StandardCharsets.UTF_8)));
                        }
                        opened.add(socket);
                        return socket.writeTextMessage(new JsonObject().put("type", "register")
                            .put("address", "hub.client.network." + network).encode()).map(socket);
                    }));
            }
            join(Future.all(connecting));
        }
        return opened;
    }

    private void fanout(List<Session> accounts, Session poster, String network, String thread, int count) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        Latencies latencies = new Latencies();
        AtomicBoolean measuring = new AtomicBoolean(false);
        List<WebSocket> open = connect(accounts, network, count, (index, frame) -> {
            String body = postBody(frame);
            if (body == null) {
                return;
            }
            AtomicInteger seen = delivered.computeIfAbsent(body, b -> new AtomicInteger());
            if (seen.incrementAndGet() == count && measuring.get() && sentAt.containsKey(body)) {
                latencies.record(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sentAt.get(body)));
            }
        });
        // every connection has registered once a probe reaches all of them
        boolean ready = false;
        for (int attempt = 0; attempt < 100 && !ready; attempt++) {
            String probe = "probe " + count + " " + attempt;
            join(reply(poster, thread, probe));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until && !ready) {
                ready = delivered.getOrDefault(probe, new AtomicInteger()).get() == count;
                Thread.sleep(10);
            }
        }
        if (!ready) {
            throw new IllegalStateException("not every subscriber registered");
        }
        measuring.set(true);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds());
        int posted = 0;
        while (System.nanoTime() < end) {
            String body = "fanout " + count + " " + posted++;
            sentAt.put(body, System.nanoTime());
            join(reply(poster, thread, body));
            Thread.sleep(count > 1000 ? 250 : 100);
        }
        Thread.sleep(2000);
        int complete = latencies.count();
        open.forEach(WebSocket::close);
        double p99 = latencies.percentileMillis(99);
        double target = count >= 5000 ? 150 : 30;
        record(new Figure("Fan-out to " + String.format(Locale.UK, "%,d", count) + " bridge subscribers: sent until delivered to all, p50 / p99 ("
            + complete + " of " + posted + " posts reached everyone)", ms(latencies.percentileMillis(50)) + " / " + ms(p99),
            "p99 <= " + (int) target + " ms", complete == posted && p99 <= target));
    }

    /**
     * The body of the post a bridge frame announces ({@code post.created}), or null for any other frame: found in
     * the frame's text, since the bench's own posts are plain words without quotes or escapes.
     */
    static String postBody(String frame) {
        if (!frame.contains("\"type\":\"post.created\"")) {
            return null;
        }
        int start = frame.indexOf("\"body\":\"");
        if (start < 0) {
            return null;
        }
        start += "\"body\":\"".length();
        int end = frame.indexOf('"', start);
        return end < 0 ? null : frame.substring(start, end);
    }

    private void idleConnections(List<Session> accounts, String network) throws Exception {
        long before = rssKb();
        long start = System.nanoTime();
        List<WebSocket> open = connect(accounts, network, options.idle(), null);
        double seconds = (System.nanoTime() - start) / 1e9;
        Thread.sleep(3000);
        long after = rssKb();
        long alive = open.stream().filter(socket -> !socket.isClosed()).count();
        double perConnection = (after - before) * 1024.0 / Math.max(1, open.size()) / 1000.0;
        open.forEach(WebSocket::close);
        record(new Figure("Idle live connections held (opened in " + String.format(Locale.UK, "%.1f", seconds)
                + " s) and the hub's resident memory per connection",
            String.format(Locale.UK, "%,d held, %.1f kB each (RSS %,d MB to %,d MB)", alive, perConnection, before / 1024, after / 1024),
            "20,000 at <= 20 kB each", alive >= 20_000 && perConnection <= 20));
    }

    private void threadPages(Session organiser, List<Session> posters, String network) {
        String thread = post(organiser, "/api/networks/" + network + "/threads",
            new JsonObject().put("title", "A long thread").put("body", "Opening")).getString("id");
        List<Future<HttpResponse<Buffer>>> seeding = new ArrayList<>();
        for (int i = 0; i < options.replies(); i++) {
            seeding.add(reply(posters.get(i % posters.size()), thread, "Reply " + i + " with some text to read"));
            if (seeding.size() == 64) {
                join(Future.all(seeding));
                seeding.clear();
            }
        }
        join(Future.all(seeding));
        // the page a browser gets: the HTML of the thread from its start ("Back to the start"), its first 50 posts
        String path = "/threads/" + thread + "?start";
        String page = join(http.get(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + posters.get(0).token()).send())
            .bodyAsString();
        int shown = page.split("<article class=\"hub-post ", -1).length - 1;
        if (shown != 50) {
            throw new IllegalStateException("the thread page showed " + shown + " posts, not 50");
        }
        Latencies latencies = new Latencies();
        AtomicLong served = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(options.seconds());
        List<Future<Void>> loops = new ArrayList<>();
        for (int r = 0; r < options.readers(); r++) {
            Session reader = posters.get(r % posters.size());
            Promise<Void> done = Promise.promise();
            loops.add(done.future());
            vertx.runOnContext(v -> getLoop(reader, path, end, latencies, served, done));
        }
        join(Future.all(loops));
        double perSecond = served.get() / ((System.nanoTime() - start) / 1e9);
        double p99 = latencies.percentileMillis(99);
        record(new Figure("Thread page, HTML (50 of " + options.replies() + " replies), " + options.readers() + " concurrent readers, p99",
            String.format(Locale.UK, "%.0f req/s, %s", perSecond, ms(p99)), ">= 1,000 req/s, p99 <= 50 ms", perSecond >= 1000 && p99 <= 50));
    }

    /**
     * The signed-in home page (GET /, the HTML a browser gets) for people with unread threads, a weekly meeting to
     * answer and an organiser's join requests to decide: the page everyone opens first, its "what needs you" read in
     * two statements however many networks they are in.
     */
    private void homePages(Session organiser, List<Session> posters, String network) {
        post(organiser, "/api/networks/" + network + "/meetings", new JsonObject().put("title", "Weekly huddle")
            .put("start", java.time.LocalDate.now().plusDays(1) + "T09:00").put("durationMinutes", 30).put("rrule", "FREQ=WEEKLY"));
        for (int i = 0; i < 5; i++) {
            String other = post(organiser, "/api/networks", new JsonObject().put("name", "Home bench network " + i)
                .put("slug", "home-bench-" + i).put("visibility", "request")).getString("id");
            post(organiser, "/api/networks/" + other + "/threads", new JsonObject().put("title", "Home thread " + i).put("body", "Opening"));
            for (Session poster : posters) {
                post(organiser, "/api/networks/" + other + "/members", new JsonObject().put("email", poster.email()).put("role", "member"));
            }
        }
        Latencies latencies = new Latencies();
        AtomicLong served = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(options.seconds());
        List<Future<Void>> loops = new ArrayList<>();
        for (int r = 0; r < options.readers(); r++) {
            Session reader = r == 0 ? organiser : posters.get(r % posters.size());
            Promise<Void> done = Promise.promise();
            loops.add(done.future());
            vertx.runOnContext(v -> getLoop(reader, "/", end, latencies, served, done));
        }
        join(Future.all(loops));
        double perSecond = served.get() / ((System.nanoTime() - start) / 1e9);
        double p99 = latencies.percentileMillis(99);
        record(new Figure("Home page, HTML, what needs you (6 networks, a weekly meeting, unread threads), "
                + options.readers() + " concurrent readers, p99",
            String.format(Locale.UK, "%.0f req/s, %s", perSecond, ms(p99)), ">= 1,000 req/s, p99 <= 50 ms", perSecond >= 1000 && p99 <= 50));
    }

    private void getLoop(Session reader, String path, long end, Latencies latencies, AtomicLong served, Promise<Void> done) {
        if (System.nanoTime() >= end) {
            done.complete();
            return;
        }
        long sent = System.nanoTime();
        http.get(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + reader.token())
            .send().onComplete(result -> {
                if (result.succeeded() && result.result().statusCode() == 200) {
                    latencies.record(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent));
                    served.incrementAndGet();
                }
                getLoop(reader, path, end, latencies, served, done);
            });
    }

    private long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(hub.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for the hub process");
    }

    // ---- the report ---------------------------------------------------------------------------------------

    /**
     * Papers: concurrent large uploads streamed into PostgreSQL, then downloaded, while the hub's used heap is
     * sampled from its own metrics. Streaming means the heap should not grow by anything like the files' size.
     */
    private void papers(Session organiser, String network) {
        int uploads = options.smoke() ? 2 : 20;
        long size = (options.smoke() ? 2 : 25) * 1_000_000L;
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions(),
            new io.vertx.core.http.PoolOptions().setHttp1MaxSize(uploads));
        long[] before = join(heapUsed());
        AtomicLong peak = new AtomicLong(before[0]);
        AtomicLong oldPeak = new AtomicLong(before[1]);
        long sampler = vertx.setPeriodic(100, id -> heapUsed().onSuccess(used -> {
            peak.accumulateAndGet(used[0], Math::max);
            oldPeak.accumulateAndGet(used[1], Math::max);
        }));
        long start = System.nanoTime();
        List<Future<String>> sent = new ArrayList<>();
        for (int i = 0; i < uploads; i++) {
            sent.add(upload(client, organiser, network, i, size));
        }
        List<String> ids = new ArrayList<>();
        sent.forEach(f -> ids.add(join(f)));
        double uploadSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        List<Future<Long>> read = new ArrayList<>();
        for (String id : ids) {
            read.add(client.request(io.vertx.core.http.HttpMethod.GET, port, "127.0.0.1", "/api/documents/" + id + "/content")
                .compose(request -> request.putHeader("Authorization", "Bearer " + organiser.token()).send())
                .compose(response -> {
                    AtomicLong bytes = new AtomicLong();
                    Promise<Long> done = Promise.promise();
                    response.handler(buffer -> bytes.addAndGet(buffer.length()));
                    response.endHandler(v -> done.complete(bytes.get()));
                    response.exceptionHandler(done::tryFail);
                    return done.future();
                }));
        }
        long downloaded = 0;
        for (Future<Long> f : read) {
            downloaded += join(f);
        }
        double downloadSeconds = (System.nanoTime() - start) / 1e9;
        vertx.cancelTimer(sampler);
        join(client.close());
        double megabytes = uploads * size / 1e6;
        long growthMb = (peak.get() - before[0]) / 1_000_000;
        long oldGrowthMb = (oldPeak.get() - before[1]) / 1_000_000;
        // a file buffered whole would be one humongous array, which G1 allocates straight into the old generation,
        // so the old generation's growth is the figure that tells streaming from buffering; the total includes
        // young-generation garbage not yet collected
        record(new Figure(uploads + " concurrent uploads of " + size / 1_000_000 + " MB (streamed into PostgreSQL), then "
                + "downloads: throughput; the hub's peak heap above its level before (old generation; all used heap)",
            String.format(Locale.UK, "up %.0f MB/s, down %.0f MB/s (%s of %s bytes); old generation +%d MB, all heap +%d MB",
                megabytes / uploadSeconds, downloaded / 1e6 / downloadSeconds,
                downloaded == uploads * size ? "all" : "ONLY " + downloaded,
                String.format(Locale.UK, "%,d", uploads * size), oldGrowthMb, growthMb),
            "old generation growth < 10% of the files' " + (long) megabytes + " MB",
            oldGrowthMb < megabytes / 10 && downloaded == uploads * size));
    }

    /** One upload as a browser sends it, the file generated as it is written (distinct per upload, so no dedupe). */
    private Future<String> upload(io.vertx.core.http.HttpClient client, Session as, String network, int n, long size) {
        String boundary = "bench-boundary-" + n;
        Buffer head = Buffer.buffer("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nPack " + n
            + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pack" + n + ".txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n");
        Buffer tail = Buffer.buffer("\r\n--" + boundary + "--\r\n");
        byte[] piece = new byte[64 * 1024];
        for (int i = 0; i < piece.length; i++) {
            piece[i] = (byte) ('a' + (i * 7 + n) % 26);
        }
        return client.request(io.vertx.core.http.HttpMethod.POST, port, "127.0.0.1", "/api/networks/" + network + "/documents")
            .compose(request -> {
                request.putHeader("Authorization", "Bearer " + as.token())
                    .putHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .putHeader("Content-Length", Long.toString(head.length() + size + tail.length()));
                Future<io.vertx.core.http.HttpClientResponse> answer = request.response();
                request.write(head);
                writeFile(request, piece, size, n, tail);
                return answer;
            })
            .compose(response -> response.body().map(body -> {
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("upload answered " + response.statusCode() + ": " + body);
                }
                return body.toJsonObject().getString("id");
            }));
    }

    private void writeFile(io.vertx.core.http.HttpClientRequest request, byte[] piece, long left, int n, Buffer tail) {
        long remaining = left;
        while (remaining > 0 && !request.writeQueueFull()) {
            int length = (int) Math.min(piece.length, remaining);
            byte[] bytes = java.util.Arrays.copyOf(piece, length);
            bytes[0] = (byte) ('a' + (remaining / piece.length + n) % 26);
            request.write(Buffer.buffer(bytes));
            remaining -= length;
        }
        if (remaining == 0) {
            request.end(tail);
            return;
        }
        long rest = remaining;
        request.drainHandler(v -> writeFile(request, piece, rest, n, tail));
    }

    /** The hub's used heap (summed over its pools) and its old generation's, from its Prometheus metrics. */
    private Future<long[]> heapUsed() {
        return http.get(port, "127.0.0.1", "/metrics").send().map(response -> {
            long[] used = new long[2];
            for (String line : response.bodyAsString().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    long bytes = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    used[0] += bytes;
                    if (line.contains("Old Gen")) {
                        used[1] += bytes;
                    }
                }
            }
            return used;
        });
    }

    /** The figures as a Markdown table. */
    String table() {
        StringBuilder out = new StringBuilder("| Figure | Measured | Target | Met |\n| --- | --- | --- | --- |\n");
        figures.forEach(f -> out.append("| ").append(f.name()).append(" | ").append(f.measured()).append(" | ").append(f.target())
            .append(" | ").append(f.met() == null ? "" : f.met() ? "yes" : "**no**").append(" |\n"));
        return out.toString();
    }

    void report() throws IOException {
        String table = table();
        System.out.println();
        System.out.println(table);
        // the national day's section of BENCHMARKS.md is written by hand around its table, so the file is left alone
        if (options.out() == null || options.nationalDay()) {
            return;
        }
        String machine = machine();
        String text = """
            # Benchmarks

            Measured by `hub-bench` on %s. It starts its own PostgreSQL (embedded, on the same machine) and the hub from
            `hub-server/target/hub-server.jar` as a separate process, then drives it over HTTP and the real SockJS
            WebSocket bridge from one more process, so the hub, the database and the load share the machine.

            ## Machine

            %s

            ## How to run it again

            ```
            mvn -B -ntp -DskipTests package
            mvn -B -ntp -pl hub-bench exec:java
            ```

            Options (`-Dexec.args="..."`): `--seconds N` per measurement (default 10), `--posters N` (32), `--readers N` (16),
            `--idle N` connections (19,000: this machine limits a process to 20,000 open files), `--smoke` for a quick run,
            `--only single,many,spread,fanout,idle,thread,home` to measure only those.

            ## Figures

            %s
            Notes:

            - Post latency is measured by the client from sending the request to receiving the 201; the post and its
              event are committed in one transaction before the 201 is sent, and PostgreSQL runs with
              `synchronous_commit=on` and `fsync=on` (zonky's builder would turn synchronous commit off), so a commit
              is answered only once it is on disk: every accepted post is durable.
            - Fan-out is measured from sending the post (so it includes the accept latency above) until the last of
              the subscribers has received the event over its WebSocket. All subscribers run in one client process;
              they are spread over 10 accounts, each connection authorised on register as a browser's is.
            - Memory per connection is the growth of the hub process's resident set while the idle connections were
              opened and registered, divided by their number. WebSocket compression (permessage-deflate) is off.
            - The load generator, the hub and PostgreSQL share two cores, so figures vary between runs (throughput
              and thread pages by up to about 20%%); compare runs on the same machine.
            """.formatted(LocalDate.now(), machine, table);
        Files.writeString(options.out(), text.replace("\n\n\n", "\n\n"), StandardCharsets.UTF_8);
        System.out.println("wrote " + options.out().toAbsolutePath().normalize());
    }

    private static String machine() {
        StringBuilder out = new StringBuilder();
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
            String memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024 + " GiB").orElse("unknown");
            out.append("- CPU: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(cpu).append('\n');
            out.append("- Memory: ").append(memory).append('\n');
        } catch (IOException e) {
            out.append("- CPU and memory: not readable\n");
        }
        out.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append('\n');
        out.append("- OS: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append('\n');
        out.append("- PostgreSQL: 15 (embedded, zonky binaries), on the same machine, with synchronous_commit=on and fsync=on");
        return out.toString();
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "none" : String.format(Locale.UK, "%.1f ms", millis);
    }

    private static <T> T join(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }
}
