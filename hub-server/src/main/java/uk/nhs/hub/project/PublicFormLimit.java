package uk.nhs.hub.project;

import uk.nhs.hub.platform.TooManyRequestsException;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits responses sent through consultations' public links from one client address in a fixed window, so that one
 * machine cannot flood people's inboxes or the outbox with confirmation emails, as the password-reset form is
 * limited. Counts live in this process only.
 */
final class PublicFormLimit {

    /**
     * Higher than the password-reset form's limit, as many people at one organisation may answer from one address;
     * each response still counts only once confirmed from its own mailbox.
     */
    static final int PER_CLIENT_ADDRESS = 60;
    static final int WINDOW_SECONDS = 15 * 60;
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(long startedAtMillis, int requests) {
    }

    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    PublicFormLimit(Clock clock) {
        this.clock = clock;
    }

    /** Counts a response from {@code address}; 429 with the seconds left when it is one too many. */
    void count(String address) {
        long now = clock.millis();
        long length = WINDOW_SECONDS * 1000L;
        Window window = windows.compute(address, (k, w) -> w == null || w.startedAtMillis() + length <= now
            ? new Window(now, 1) : new Window(w.startedAtMillis(), w.requests() + 1));
        if (windows.size() > PRUNE_ABOVE) {
            windows.values().removeIf(w -> w.startedAtMillis() + length <= now);
        }
        if (window.requests() > PER_CLIENT_ADDRESS) {
            long wait = (window.startedAtMillis() + length - now + 999) / 1000;
            long minutes = (wait + 59) / 60;
            throw new TooManyRequestsException("Too many responses from your connection. Wait " + minutes
                + (minutes == 1 ? " minute" : " minutes") + " and try again.", wait);
        }
    }
}
