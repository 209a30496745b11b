package uk.nhs.hub.network;

import uk.nhs.hub.platform.HubException;

import java.util.Locale;

/** A member's role in one network. */
public enum Role {
    /** Runs the network: edits it, manages members, invitations and requests. */
    ORGANISER,
    /** A central team member: may broadcast to this network and all below it, and create child networks. */
    CENTRAL,
    /** An ordinary member. */
    MEMBER,
    /** Sees only the meetings and threads they were invited to. */
    GUEST;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a role named in a request; 400 naming {@code field} when unknown. */
    public static Role parse(String value, String field) {
        if (value == null || value.isBlank()) {
            throw HubException.invalid(field, "Choose a role: organiser, central, member or guest");
        }
        try {
            return Role.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HubException.invalid(field, "Role must be organiser, central, member or guest");
        }
    }

    static Role fromDatabase(String value) {
        return value == null ? null : Role.valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whether this role takes part in the network's own life (everything except guest). */
    public boolean isFullMember() {
        return this != GUEST;
    }
}
