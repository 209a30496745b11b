package uk.nhs.hub.network;

import io.vertx.core.Future;

import java.util.UUID;

/**
 * Whether a person may create a network at the top of the hub, which the hub's administrators may restrict
 * ({@code HUB_NETWORK_CREATION}). Networks inside a network are always their organisers' to create, so this is
 * never asked about them.
 */
public interface TopLevelCreation {

    /** Anyone signed in may create one. */
    TopLevelCreation ANYONE = userId -> Future.succeededFuture();

    /** Succeeds when the person may create a top-level network; otherwise fails with the refusal to give them. */
    Future<Void> check(UUID userId);
}
