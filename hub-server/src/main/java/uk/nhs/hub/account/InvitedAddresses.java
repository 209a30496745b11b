package uk.nhs.hub.account;

import io.vertx.core.Future;

import java.util.Optional;

/**
 * The address an open invitation was sent to, so registering from the invitation's link keeps that address.
 * Provided by the network feature, which depends on accounts rather than the other way round.
 */
@FunctionalInterface
public interface InvitedAddresses {

    /** The invited address while the invitation can still be accepted; empty for an unknown, used or expired one. */
    Future<Optional<String>> openInvitationAddress(String token);

    /** Knows no invitations, until the network feature provides them. */
    InvitedAddresses NONE = token -> Future.succeededFuture(Optional.empty());
}
