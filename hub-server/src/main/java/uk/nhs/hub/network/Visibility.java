package uk.nhs.hub.network;

import uk.nhs.hub.platform.HubException;

import java.util.Locale;

/** Who can find and join a network. */
public enum Visibility {
    /** Any signed-in person may see and join it. */
    OPEN,
    /** Any signed-in person may see it and ask to join; organisers decide. */
    REQUEST,
    /** Invitation only, and invisible to non-members. */
    PRIVATE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Visibility parse(String value, String field) {
        if (value == null || value.isBlank()) {
            throw HubException.invalid(field, "Choose who can join: open, request or private");
        }
        try {
            return Visibility.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HubException.invalid(field, "Visibility must be open, request or private");
        }
    }
}
