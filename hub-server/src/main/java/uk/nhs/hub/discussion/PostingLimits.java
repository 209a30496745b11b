package uk.nhs.hub.discussion;

import uk.nhs.hub.platform.TooManyRequestsException;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often one person may post, edit or react: at most {@code perMinute} in any sliding minute, counted in
 * this node's memory. Beyond it the request is refused with 429 and the seconds until a slot frees up, before
 * anything is written.
 */
final class PostingLimits {

    private static final long WINDOW_MILLIS = 60_000;

    private final int perMinute;
    private final Clock clock;
    private final Map<UUID, Deque<Long>> recent = new ConcurrentHashMap<>();

    PostingLimits(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts one action by {@code userId}, or throws 429 when they have used up the minute. */
    void take(UUID userId) {
        long now = clock.millis();
        Deque<Long> times = recent.computeIfAbsent(userId, id -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= now - WINDOW_MILLIS) {
                times.pollFirst();
            }
            if (times.size() >= perMinute) {
                long wait = (times.peekFirst() + WINDOW_MILLIS - now + 999) / 1000;
                throw new TooManyRequestsException("You are posting too quickly. Wait " + wait
                    + (wait == 1 ? " second" : " seconds") + " and try again.", wait);
            }
            times.addLast(now);
        }
        if (recent.size() > 10_000) {
            recent.entrySet().removeIf(entry -> {
                synchronized (entry.getValue()) {
                    return entry.getValue().isEmpty() || entry.getValue().peekLast() <= now - WINDOW_MILLIS;
                }
            });
        }
    }
}
