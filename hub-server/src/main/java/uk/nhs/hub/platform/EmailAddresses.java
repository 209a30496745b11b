package uk.nhs.hub.platform;

import java.util.Locale;
import java.util.regex.Pattern;

/** The hub's one rule for email addresses: trimmed, lower case, a plausible local part, an at sign and a domain. */
public final class EmailAddresses {

    private static final Pattern PLAUSIBLE = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    private EmailAddresses() {
    }

    /** Trimmed and lower-cased; empty for null. */
    public static String normalise(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }

    /** Whether a normalised address is plausible and within the 254 characters mail allows. */
    public static boolean isValid(String normalised) {
        return normalised.length() <= 254 && PLAUSIBLE.matcher(normalised).matches();
    }

    /** The message for an address that is not valid, naming the expected form. */
    public static final String FORMAT_MESSAGE = "Enter an email address in the correct format, like name@example.nhs.uk";
}
