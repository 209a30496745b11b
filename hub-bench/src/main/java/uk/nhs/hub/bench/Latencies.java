package uk.nhs.hub.bench;

import java.util.Arrays;

/** Recorded durations in microseconds, with percentiles. Safe to record into from several threads. */
final class Latencies {

    private long[] values = new long[1024];
    private int size;

    synchronized void record(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code p}th percentile (0 to 100) in milliseconds, or NaN when nothing was recorded. */
    synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))] / 1000.0;
    }
}
