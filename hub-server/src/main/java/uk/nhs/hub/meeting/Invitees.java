package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.EmailAddresses;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.SupportedDates;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Who an organiser invites to a meeting beyond its own network's members: whole networks (with every network
 * inside them when asked), and named people, for every occurrence or as extra participants of one.
 */
final class Invitees {

    private final Pool pool;
    private final MeetingService meetings;
    private final NetworkService networks;

    Invitees(Pool pool, MeetingService meetings, NetworkService networks) {
        this.pool = pool;
        this.meetings = meetings;
        this.networks = networks;
    }

    private Future<Meeting> organised(SignedInUser actor, UUID meetingId) {
        return meetings.organised(actor, meetingId, "Only an organiser of this network invites people to its meetings").map(MeetingService.Visible::meeting);
    }

    /** Invites a network ({@code networkId}, {@code includeDescendants}) or a person ({@code email}, {@code originalStart}). */
    Future<JsonArray> add(SignedInUser actor, UUID meetingId, JsonObject body) {
        Object networkValue = body.getValue("networkId");
        Object emailValue = body.getValue("email");
        if ((networkValue == null) == (emailValue == null)) {
            return Future.failedFuture(HubException.invalid("networkId", "Invite either a network (networkId) or a person (email)"));
        }
        return organised(actor, meetingId).compose(meeting -> {
            if (networkValue != null) {
                UUID networkId;
                try {
                    networkId = UUID.fromString(networkValue.toString());
                } catch (IllegalArgumentException e) {
                    throw HubException.invalid("networkId", "There is no such network");
                }
                boolean descendants = JsonBodies.bool(body, "includeDescendants", false);
                return networks.access(networkId, actor.id())
                    .recover(err -> Future.failedFuture(HubException.invalid("networkId", "There is no such network")))
                    .compose(access -> {
                        if (!access.canSee()) {
                            throw HubException.invalid("networkId", "There is no such network");
                        }
                        return pool.preparedQuery(MeetingSql.INSERT_INVITEE)
                            .execute(Tuple.of(meetingId, networkId, descendants, null, null));
                    });
            }
            String email = EmailAddresses.normalise(emailValue.toString());
            OffsetDateTime only = null;
            Object startValue = body.getValue("originalStart");
            if (startValue != null) {
                try {
                    only = OffsetDateTime.parse(startValue.toString());
                    SupportedDates.require(only.toInstant(), "originalStart");
                } catch (DateTimeParseException e) {
                    throw HubException.invalid("originalStart", "Name the occurrence by its original start with offset");
                }
                if (!meeting.schedule().occursAt(only.toInstant())) {
                    throw HubException.invalid("originalStart", "The meeting has no occurrence starting then");
                }
            }
            OffsetDateTime occurrence = only;
            return pool.preparedQuery(MeetingSql.USER_BY_EMAIL).execute(Tuple.of(email)).compose(rows -> {
                if (!rows.iterator().hasNext()) {
                    throw new HubException(404, "not_found", "No account uses this email address; invite them to the network first", "email");
                }
                return pool.preparedQuery(MeetingSql.INSERT_INVITEE)
                    .execute(Tuple.of(meetingId, null, false, rows.iterator().next().getUUID("id"), occurrence));
            });
        }).compose(v -> list(actor, meetingId));
    }

    Future<JsonArray> list(SignedInUser actor, UUID meetingId) {
        return organised(actor, meetingId).compose(meeting -> pool.preparedQuery(MeetingSql.INVITEES).execute(Tuple.of(meetingId)))
            .map(rows -> {
                JsonArray list = new JsonArray();
                for (Row row : rows) {
                    JsonObject invitee = new JsonObject().put("id", row.getUUID("id").toString());
                    if (row.getUUID("network_id") != null) {
                        invitee.put("networkId", row.getUUID("network_id").toString()).put("networkName", row.getString("network_name"))
                            .put("includeDescendants", row.getBoolean("include_descendants"));
                    } else {
                        UUID userId = row.getUUID("user_id");
                        invitee.put("userId", userId == null ? null : userId.toString())
                            .put("displayName", row.getString("display_name")).put("email", row.getString("email"));
                        OffsetDateTime only = row.getOffsetDateTime("original_start");
                        invitee.put("originalStart", only == null ? null : only.toString());
                    }
                    list.add(invitee);
                }
                return list;
            });
    }

    Future<Void> remove(SignedInUser actor, UUID meetingId, UUID inviteeId) {
        return organised(actor, meetingId)
            .compose(meeting -> pool.preparedQuery(MeetingSql.DELETE_INVITEE).execute(Tuple.of(inviteeId, meetingId)))
            .compose(rows -> rows.rowCount() == 1 ? Future.<Void>succeededFuture()
                : Future.failedFuture(HubException.notFound("There is no such invitee")));
    }
}
