package uk.nhs.hub.account;

import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.Configuration;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.scoring.Result;

import java.util.Locale;
import java.util.Optional;

/**
 * The one password rule, following NCSC guidance: long enough, no composition rules, and not common or easily
 * guessed. Guessability is estimated by nbvcxz (zxcvbn's method and dictionaries); a password that contains the
 * person's own email address or name is refused as well, since those are the first things an attacker tries.
 * Estimating can take some milliseconds, so callers run it off the event loop.
 */
final class PasswordRules {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    /** nbvcxz's own default (about 34 billion guesses): beyond online guessing and slow against argon2id offline. */
    private static final double MIN_ENTROPY_BITS = 35;
    private static final int SHORTEST_PERSONAL_PART = 4;

    private static final Configuration CONFIGURATION = new ConfigurationBuilder()
        .setMinimumEntropy(MIN_ENTROPY_BITS)
        .setMaxLength(MAX_LENGTH)
        .setLocale(Locale.UK)
        .createConfiguration();

    private PasswordRules() {
    }

    /**
     * Why {@code password} may not be used, or empty when it may. {@code email} and {@code displayName} are the
     * person's own, and may be null.
     */
    static Optional<String> problem(String password, String email, String displayName) {
        if (password == null || password.isEmpty()) {
            return Optional.of("Enter a password");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("Password must be " + MIN_LENGTH + " characters or more");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("Password must be " + MAX_LENGTH + " characters or fewer");
        }
        if (password.isBlank()) {
            return Optional.of("Password must contain letters, numbers or symbols, not only spaces");
        }
        if (containsPersonalDetail(password, email, displayName)) {
            return Optional.of("Password must not contain your email address or name");
        }
        Result result = new Nbvcxz(CONFIGURATION).estimate(password);
        if (!result.isMinimumEntropyMet()) {
            return Optional.of("Password is too easy to guess" + hintFrom(result)
                + ". Try 3 or more unrelated words");
        }
        return Optional.empty();
    }

    private static String hintFrom(Result result) {
        String warning = result.getFeedback() == null ? null : result.getFeedback().getWarning();
        if (warning == null || warning.isBlank()) {
            return "";
        }
        String reason = warning.strip();
        if (reason.endsWith(".")) {
            reason = reason.substring(0, reason.length() - 1);
        }
        return ": " + Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }

    private static boolean containsPersonalDetail(String password, String email, String displayName) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (email != null && !email.isBlank()) {
            String address = email.strip().toLowerCase(Locale.ROOT);
            int at = address.indexOf('@');
            String local = at > 0 ? address.substring(0, at) : address;
            if (lower.contains(address) || contains(lower, local)) {
                return true;
            }
            for (String part : local.split("[._+\\-]+")) {
                if (contains(lower, part)) {
                    return true;
                }
            }
        }
        if (displayName != null) {
            for (String part : displayName.toLowerCase(Locale.ROOT).split("[\\s.'\\-]+")) {
                if (contains(lower, part)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean contains(String password, String part) {
        return part.length() >= SHORTEST_PERSONAL_PART && password.contains(part);
    }
}
