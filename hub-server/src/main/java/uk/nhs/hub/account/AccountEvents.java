package uk.nhs.hub.account;

import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.regex.Pattern;

/** Event-bus addresses and payloads of the account feature (see the events catalogue in docs/ARCHITECTURE.md). */
public final class AccountEvents {

    private AccountEvents() {
    }

    /**
     * {@code hub.client.user.<userId>}: notices for one person, in every browser tab they have open.
     * Publishers: {@link AccountService} ({@link #signedOut()}) and the meeting reminders
     * ({@code {"type": "meeting.reminder", "meetingId", "title", "when", "href"}}). Audience: only that user
     * (checked on register).
     */
    public static final String USER_ADDRESS_PREFIX = "hub.client.user.";

    /** Matches exactly the addresses of {@link #USER_ADDRESS_PREFIX}. */
    public static final Pattern USER_ADDRESS = Pattern.compile(
        "hub\\.client\\.user\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The address of one user's notices. */
    public static String userAddress(UUID userId) {
        return USER_ADDRESS_PREFIX + userId;
    }

    /** {@code {"type": "signed-out"}}: the person signed out in one tab; the others return to the sign-in page. */
    static JsonObject signedOut() {
        return new JsonObject().put("type", "signed-out");
    }

    /** {@code {"type": "account.erased"}}: the person deleted their account; every open page says so. */
    static JsonObject accountErased() {
        return new JsonObject().put("type", "account.erased");
    }
}
