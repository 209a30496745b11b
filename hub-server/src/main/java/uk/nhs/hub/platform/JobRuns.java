package uk.nhs.hub.platform;

import io.vertx.core.Future;

import java.util.function.Supplier;

/**
 * Counts the runs and failures of one scheduled job (outbox delivery, digests, meeting reminders), so a job that
 * keeps failing shows on {@code /metrics} and in {@link HubHealth} instead of only in a log line.
 */
@FunctionalInterface
public interface JobRuns {

    /** Records nothing: for jobs started by tests that do not watch them. */
    JobRuns UNWATCHED = new JobRuns() {
        @Override
        public <T> Future<T> record(Supplier<Future<T>> run) {
            return run.get();
        }
    };

    /** Starts one run and records how it ended; a run that throws before returning a future counts as failed. */
    <T> Future<T> record(Supplier<Future<T>> run);
}
