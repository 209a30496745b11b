package uk.nhs.hub.discussion;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.platform.Idempotency;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Group commit of posts, per network. Every post takes its network's row lock (for the next event number) and
 * holds it until its commit is on disk, so posts to one network commit one after another, each waiting for its own
 * flush. Here the posts that arrive for a network while one of its commits is in flight wait together and go in the
 * next transaction: the lock is taken once and the flush is shared by the whole batch. A lone post is not held back:
 * it starts at once, as it would without batching.
 *
 * <p>Each post in a batch runs the same statements it would alone (so idempotency, mentions, notices and the event
 * log behave exactly as for a lone post), except that the batch takes its posts' thread positions and event numbers
 * in one statement ({@link Numbers}); the posts' statements are pipelined on the batch's connection. A batch whose
 * posts did not use every number it took (an Idempotency-Key replayed) is rolled back, so the log stays gap-free. If any post
 * fails (a locked thread, a reused Idempotency-Key) or the batch as a whole does (its commit, or a deadlock with
 * another node's batch), the batch is rolled back and each post is tried again in a transaction of its own, where
 * only the failing one fails. A poster's future completes only after the transaction holding the post has
 * committed, and the batch's events are published in the order of their event numbers.
 *
 * <p>Across nodes nothing changes: each node's batches still take the network row lock, which orders them. The
 * threads a batch writes to are locked first, in id order, so two batches (or a batch and a single change to a
 * thread) cannot deadlock over them.
 */
final class PostCommits {

    /** Locks a batch's threads in a fixed order before any of its posts takes the network's lock. */
    private static final String LOCK_THREADS = "SELECT id FROM threads WHERE id = ANY($1) ORDER BY id FOR UPDATE";

    private final Pool pool;
    private final int maxBatch;
    private final Function<Idempotency.Outcome, Idempotency.Outcome> publish;
    private final Map<UUID, ArrayDeque<Pending>> waiting = new HashMap<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong largest = new AtomicLong();
    private final AtomicLong triedAlone = new AtomicLong();

    /**
     * @param publish called once per committed post, in commit order, before its poster is answered
     */
    PostCommits(Pool pool, int maxBatch, Function<Idempotency.Outcome, Idempotency.Outcome> publish) {
        this.pool = pool;
        this.maxBatch = maxBatch;
        this.publish = publish;
    }

    /** A post's place in its thread, its event number, whether the thread is locked, and the transaction's time. */
    record Taken(int position, long seq, boolean locked, OffsetDateTime now) {
    }

    /** Where a post takes its numbers from: its own statement, or what its batch took for it. */
    interface Numbers {

        /** The next numbers for a post to {@code threadId}, in the network whose batch or transaction this is. */
        Future<Taken> take(SqlClient tx, UUID threadId, UUID networkId);
    }

    /** A post on its own takes the thread's next position and the network's next event number, locking both. */
    static final Numbers ONE_BY_ONE = (tx, threadId, networkId) -> tx.preparedQuery(DiscussionSql.ADVANCE_THREAD_AND_NETWORK)
        .execute(Tuple.of(threadId, networkId)).map(rows -> {
            var row = rows.iterator().next();
            return new Taken(row.getInteger("post_count"), row.getLong("event_seq"), row.getBoolean("locked"),
                row.getOffsetDateTime("now"));
        });

    /** The numbers one statement took for a batch, handed out in the order its posts ask for them. */
    private static final class Reserved implements Numbers {
        private final Map<UUID, int[]> nextPosition = new HashMap<>();
        private final Map<UUID, Boolean> locked = new HashMap<>();
        private long nextSeq;
        private final long lastSeq;
        private final OffsetDateTime now;
        private int unused;

        Reserved(io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> rows, Map<UUID, Integer> posts, int total) {
            long last = 0;
            OffsetDateTime time = null;
            for (var row : rows) {
                UUID thread = row.getUUID("id");
                nextPosition.put(thread, new int[]{row.getInteger("post_count") - posts.get(thread) + 1});
                locked.put(thread, row.getBoolean("locked"));
                last = row.getLong("event_seq");
                time = row.getOffsetDateTime("now");
            }
            this.lastSeq = last;
            this.nextSeq = last - total + 1;
            this.now = time;
            this.unused = total;
        }

        @Override
        public Future<Taken> take(SqlClient tx, UUID threadId, UUID networkId) {
            int[] position = nextPosition.get(threadId);
            if (position == null || nextSeq > lastSeq) {
                // a thread gone since the post was checked: the batch fails and each post is tried alone
                return Future.failedFuture(new IllegalStateException("no numbers were taken for thread " + threadId));
            }
            unused--;
            return Future.succeededFuture(new Taken(position[0]++, nextSeq++, locked.get(threadId), now));
        }
    }

    private record Pending(UUID threadId, BiFunction<SqlClient, Numbers, Future<Idempotency.Outcome>> work,
                           Promise<Idempotency.Outcome> promise, Context context) {

        void complete(Idempotency.Outcome outcome, Throwable failure) {
            Runnable answer = () -> {
                if (failure == null) {
                    promise.complete(outcome);
                } else {
                    promise.fail(failure);
                }
            };
            if (context == null || context == Vertx.currentContext()) {
                answer.run();
            } else {
                context.runOnContext(v -> answer.run());
            }
        }
    }

    /** What one post of a batch came to: its outcome, or why it failed. */
    private record Result(Idempotency.Outcome outcome, Throwable failure) {
    }

    /**
     * Runs {@code work} (a post's statements) in a transaction shared with the other posts to {@code networkId}
     * that are waiting; completes once that transaction has committed and the post's events are published.
     */
    Future<Idempotency.Outcome> submit(UUID networkId, UUID threadId,
                                       BiFunction<SqlClient, Numbers, Future<Idempotency.Outcome>> work) {
        Pending pending = new Pending(threadId, work, Promise.promise(), Vertx.currentContext());
        boolean start;
        synchronized (waiting) {
            ArrayDeque<Pending> queue = waiting.get(networkId);
            start = queue == null;
            if (start) {
                // an empty queue marks the network's batch as in flight; later posts wait in it for the next one
                waiting.put(networkId, new ArrayDeque<>());
            } else {
                queue.add(pending);
            }
        }
        if (start) {
            run(networkId, List.of(pending));
        }
        return pending.promise().future();
    }

    /** How many batches have committed or failed so far, and the most posts one held: for tests and the bench. */
    long batches() {
        return batches.get();
    }

    long largestBatch() {
        return largest.get();
    }

    /** How many batches of more than one post were rolled back and their posts tried one by one. */
    long batchesTriedAlone() {
        return triedAlone.get();
    }

    /** How many posts to {@code networkId} wait for the commit in flight to end. */
    int waiting(UUID networkId) {
        synchronized (waiting) {
            ArrayDeque<Pending> queue = waiting.get(networkId);
            return queue == null ? 0 : queue.size();
        }
    }

    private void run(UUID networkId, List<Pending> batch) {
        batches.incrementAndGet();
        largest.accumulateAndGet(batch.size(), Math::max);
        Future<List<Result>> done = batch.size() == 1 ? alone(batch.get(0)).map(List::of) : together(networkId, batch);
        done.recover(err -> {
            if (batch.size() > 1) {
                triedAlone.incrementAndGet();
            }
            return oneByOne(batch);
        }).onComplete(ar -> {
            List<Result> results = ar.result();
            // the posts of a batch take their event numbers in whatever order their statements reached the
            // database, so they are published by event number, not by their place in the batch
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                order.add(i);
            }
            order.sort(java.util.Comparator.comparingLong(i -> firstEventNumber(results.get(i))));
            for (int i : order) {
                Result result = results.get(i);
                Idempotency.Outcome outcome = null;
                Throwable failure = result.failure();
                if (failure == null) {
                    try {
                        outcome = publish.apply(result.outcome());
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                batch.get(i).complete(outcome, failure);
            }
            next(networkId);
        });
    }

    /** The event number of a committed post's first event; a failure or a replay publishes nothing, so goes last. */
    private static long firstEventNumber(Result result) {
        if (result.outcome() == null || result.outcome().events().isEmpty()) {
            return Long.MAX_VALUE;
        }
        return result.outcome().events().get(0).getLong("seq", Long.MAX_VALUE);
    }

    private void next(UUID networkId) {
        List<Pending> batch = new ArrayList<>();
        synchronized (waiting) {
            ArrayDeque<Pending> queue = waiting.get(networkId);
            while (!queue.isEmpty() && batch.size() < maxBatch) {
                batch.add(queue.poll());
            }
            if (batch.isEmpty()) {
                waiting.remove(networkId);
                return;
            }
        }
        run(networkId, batch);
    }

    /** A lone post: its own transaction, exactly as without batching. Never fails: a failure is its result. */
    private Future<Result> alone(Pending pending) {
        return pool.withTransaction(conn -> pending.work().apply(conn, ONE_BY_ONE))
            .map(outcome -> new Result(outcome, null))
            .otherwise(err -> new Result(null, err));
    }

    private Future<List<Result>> oneByOne(List<Pending> batch) {
        if (batch.size() == 1) {
            // a lone post's failure is already its result; reaching here means the pool itself failed
            return alone(batch.get(0)).map(List::of);
        }
        Future<List<Result>> chain = Future.succeededFuture(new ArrayList<>());
        for (Pending pending : batch) {
            chain = chain.compose(results -> alone(pending).map(result -> {
                results.add(result);
                return results;
            }));
        }
        return chain;
    }

    /**
     * Many posts in one transaction. Their statements are all sent at once and pipelined on the one connection
     * (each post's own statements still follow one another), so a batch costs about one post's round trips, not
     * the sum of them. Nothing isolates one post from another inside the transaction, so if any post fails the whole
     * batch is rolled back (its event numbers with it, keeping the log gap-free) and {@link #run} tries each post in
     * a transaction of its own, where the failing one fails alone.
     */
    private Future<List<Result>> together(UUID networkId, List<Pending> batch) {
        Map<UUID, Integer> posts = new java.util.LinkedHashMap<>();
        batch.forEach(pending -> posts.merge(pending.threadId(), 1, Integer::sum));
        UUID[] threads = posts.keySet().toArray(UUID[]::new);
        Integer[] counts = posts.values().toArray(Integer[]::new);
        return pool.getConnection().compose(conn -> conn.query("BEGIN").execute()
            .compose(v -> {
                // sent together: the threads are locked in id order before the numbers are taken
                Future<?> locked = conn.preparedQuery(LOCK_THREADS).execute(Tuple.of(threads));
                Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> advanced = conn.preparedQuery(DiscussionSql.ADVANCE_THREADS_AND_NETWORK)
                    .execute(Tuple.of(threads, counts, networkId, batch.size()));
                return Future.all(locked, advanced).map(both -> new Reserved(advanced.result(), posts, batch.size()));
            })
            .compose(numbers -> {
                List<Future<Idempotency.Outcome>> works = new ArrayList<>(batch.size());
                for (Pending pending : batch) {
                    works.add(pending.work().apply(conn, numbers));
                }
                // join, not all: the transaction ends only once every post's statements have finished
                return Future.join(works).map(all -> {
                    if (numbers.unused > 0) {
                        throw new IllegalStateException(numbers.unused + " numbers taken for the batch were not used");
                    }
                    List<Result> results = new ArrayList<>(works.size());
                    works.forEach(work -> results.add(new Result(work.result(), null)));
                    return results;
                });
            })
            .compose(results -> conn.query("COMMIT").execute().map(v -> results))
            .recover(err -> conn.query("ROLLBACK").execute().otherwiseEmpty()
                .compose(v -> Future.<List<Result>>failedFuture(err)))
            .eventually(conn::close));
    }
}
