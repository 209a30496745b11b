package uk.nhs.hub.network;

import io.vertx.core.Future;

import java.util.UUID;

/**
 * Whether a person has two-step sign-in on, for networks that require it of their organisers and central team.
 * Provided by the account feature through the composition root.
 */
@FunctionalInterface
public interface TwoStepStatus {

    Future<Boolean> isOn(UUID userId);

    /** Until the account feature is wired in, nobody has it on, so a network's requirement holds. */
    TwoStepStatus NONE = userId -> Future.succeededFuture(false);
}
