package uk.nhs.hub.network;

import uk.nhs.hub.platform.ErrorResponder;
import uk.nhs.hub.platform.HubException;

import java.util.UUID;

/**
 * What one person may do in one network, from their own membership there and their organiser or central role
 * on any network above it. All authorisation decisions about networks are made here.
 *
 * @param ownRole          the person's role in this network, or null
 * @param managesAncestor  whether they are organiser or central of a network above this one
 * @param centralAbove     whether they are central on this network or one above it
 * @param twoStepMissing   whether the network requires two-step sign-in of its organisers and central team and
 *                         this person, holding one of those roles here, has not turned it on: until they do,
 *                         they may not act in that role here
 */
public record NetworkAccess(Network network, UUID userId, Role ownRole, boolean managesAncestor,
                            boolean centralAbove, boolean twoStepMissing) {

    static final String TWO_STEP_MESSAGE = "This network requires organisers and central team members to use two-step "
        + "sign-in. Turn on two-step sign-in for your account (go to /account/two-step), then try again.";

    /** Whether the network is visible at all; otherwise it does not exist for this person (404). */
    public boolean canSee() {
        return ownRole != null || managesAncestor || network.visibility() != Visibility.PRIVATE;
    }

    /** Fails with 404 when the person may not know the network exists. */
    public NetworkAccess requireVisible() {
        if (!canSee()) {
            throw HubException.notFound("Network not found");
        }
        return this;
    }

    public boolean isOrganiser() {
        return ownRole == Role.ORGANISER && !twoStepMissing;
    }

    /** 403 {@code two_step_required} while the person's organiser or central role here is held back. */
    public NetworkAccess requireTwoStepIfNeeded() {
        if (twoStepMissing) {
            throw new HubException(403, ErrorResponder.TWO_STEP_REQUIRED, TWO_STEP_MESSAGE, null);
        }
        return this;
    }

    /** Member directory, member CSV and the event stream: full members and the organisers and centre above. */
    public boolean canViewMembers() {
        return (ownRole != null && ownRole.isFullMember()) || managesAncestor;
    }

    /** Creating a network inside this one: organiser or central here. */
    public boolean canCreateChild() {
        return (ownRole == Role.ORGANISER || ownRole == Role.CENTRAL) && !twoStepMissing;
    }

    /** 404 when invisible, 403 unless organiser here (organisers above may look but not change). */
    public NetworkAccess requireOrganiser() {
        requireVisible();
        if (ownRole == Role.ORGANISER) {
            requireTwoStepIfNeeded();
        }
        if (!isOrganiser()) {
            throw HubException.forbidden("Only an organiser of this network can do this");
        }
        return this;
    }

    public NetworkAccess requireMemberView() {
        requireVisible();
        if (!canViewMembers()) {
            throw HubException.forbidden("Only members of this network can see this");
        }
        return this;
    }
}
