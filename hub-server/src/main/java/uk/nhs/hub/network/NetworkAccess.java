package uk.nhs.hub.network;

import uk.nhs.hub.platform.HubException;

import java.util.UUID;

/**
 * What one person may do in one network, from their own membership there and their organiser or central role
 * on any network above it. All authorisation decisions about networks are made here.
 *
 * @param ownRole          the person's role in this network, or null
 * @param managesAncestor  whether they are organiser or central of a network above this one
 * @param centralAbove     whether they are central on this network or one above it
 */
public record NetworkAccess(Network network, UUID userId, Role ownRole, boolean managesAncestor,
                            boolean centralAbove) {

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
        return ownRole == Role.ORGANISER;
    }

    /** Member directory, member CSV and the event stream: full members and the organisers and centre above. */
    public boolean canViewMembers() {
        return (ownRole != null && ownRole.isFullMember()) || managesAncestor;
    }

    /** Creating a network inside this one: organiser or central here. */
    public boolean canCreateChild() {
        return ownRole == Role.ORGANISER || ownRole == Role.CENTRAL;
    }

    /** 404 when invisible, 403 unless organiser here (organisers above may look but not change). */
    public NetworkAccess requireOrganiser() {
        requireVisible();
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
