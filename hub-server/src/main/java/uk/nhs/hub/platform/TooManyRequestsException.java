package uk.nhs.hub.platform;

/** 429 with the number of seconds after which the client may try again (sent as {@code Retry-After}). */
public final class TooManyRequestsException extends HubException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(String message, long retryAfterSeconds) {
        super(429, "too_many_requests", message, null);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
