package uk.nhs.hub.account;

import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.TooManyRequestsException;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed sign-ins per account and per client address in fixed windows, to slow down password
 * guessing against one person and spraying from one machine. Counts live in this process only: each hub
 * node throttles what it sees.
 */
final class LoginThrottle {

    private record Window(long startedAtMillis, int failures) {
    }

    private static final int PRUNE_ABOVE = 10_000;

    private final HubConfig.LoginLimits limits;
    private final Clock clock;
    private final Map<String, Window> accounts = new ConcurrentHashMap<>();
    private final Map<String, Window> addresses = new ConcurrentHashMap<>();

    LoginThrottle(HubConfig.LoginLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /** Throws 429 with the seconds left in the window when either the account or the address is over its limit. */
    void check(String email, String address) {
        long now = clock.millis();
        long wait = Math.max(
            secondsLeft(accounts.get(email), limits.maxFailuresPerAccount(), now),
            secondsLeft(addresses.get(address), limits.maxFailuresPerAddress(), now));
        if (wait > 0) {
            throw new TooManyRequestsException(
                "Too many failed sign-in attempts. Wait " + describe(wait) + " and try again.", wait);
        }
    }

    void recordFailure(String email, String address) {
        long now = clock.millis();
        count(accounts, email, now);
        count(addresses, address, now);
    }

    void recordSuccess(String email) {
        accounts.remove(email);
    }

    private long secondsLeft(Window window, int limit, long now) {
        if (window == null || window.failures() < limit) {
            return 0;
        }
        long endsAt = window.startedAtMillis() + limits.windowSeconds() * 1000L;
        return endsAt <= now ? 0 : (endsAt - now + 999) / 1000;
    }

    private void count(Map<String, Window> windows, String key, long now) {
        long length = limits.windowSeconds() * 1000L;
        windows.compute(key, (k, window) -> window == null || window.startedAtMillis() + length <= now
            ? new Window(now, 1)
            : new Window(window.startedAtMillis(), window.failures() + 1));
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> w.startedAtMillis() + length <= now);
        }
    }

    private static String describe(long seconds) {
        long minutes = (seconds + 59) / 60;
        return seconds < 60 ? seconds + (seconds == 1 ? " second" : " seconds")
            : minutes + (minutes == 1 ? " minute" : " minutes");
    }
}
