package uk.nhs.hub.account;

/**
 * What a person gives to show it is really them before their account is erased: their password, or a two-step
 * code when they have two-step sign-in on. {@link AccountErasure} checks each kind.
 */
sealed interface ErasureProof {

    /** The account's password. */
    record Password(String password) implements ErasureProof {
    }

    /** A current code from the person's authenticator app, or an unused recovery code, when two-step sign-in is on. */
    record TwoStepCode(String code) implements ErasureProof {
    }

    /** The proof a request or form gives: the code when only a code was entered, otherwise the password. */
    static ErasureProof of(String password, String code) {
        boolean noPassword = password == null || password.isEmpty();
        return noPassword && code != null && !code.isBlank() ? new TwoStepCode(code) : new Password(password);
    }
}
