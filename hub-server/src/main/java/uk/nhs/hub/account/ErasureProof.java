package uk.nhs.hub.account;

/**
 * What a person gives to show it is really them before their account is erased. Two-step sign-in adds its own
 * kind here (a current code), and {@link AccountErasure} checks each kind in one switch.
 */
sealed interface ErasureProof {

    /** The account's password. */
    record Password(String password) implements ErasureProof {
    }
}
