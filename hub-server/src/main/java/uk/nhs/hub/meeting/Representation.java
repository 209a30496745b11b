package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.HubException;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Representation rules: a meeting may require one person of each of some role titles from every network
 * inside its own (the lead nurse, lead doctor and manager of each local network). For an occurrence this
 * says, per network, which of those titles have a confirmed reply and which are still missing. A member who
 * sends a delegate still represents their own title.
 */
final class Representation {

    private final Pool pool;
    private final MeetingService meetings;

    Representation(Pool pool, MeetingService meetings) {
        this.pool = pool;
        this.meetings = meetings;
    }

    Future<JsonObject> of(SignedInUser actor, UUID meetingId, String start) {
        OffsetDateTime original;
        try {
            original = MeetingService.originalStart(start);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return meetings.visible(actor, meetingId).compose(visible -> {
            Meeting meeting = visible.meeting();
            MeetingService.requireOccurrence(meeting, original);
            Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> networks =
                pool.preparedQuery(MeetingSql.REPRESENTED_NETWORKS).execute(Tuple.of(meeting.networkId()));
            Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> confirmed = pool.preparedQuery(MeetingSql.CONFIRMED_BY_NETWORK)
                .execute(Tuple.of(meetingId, original, meeting.networkId()));
            return Future.all(networks, confirmed).map(all -> {
                Map<UUID, Set<String>> titlesByNetwork = new HashMap<>();
                confirmed.result().forEach(row -> titlesByNetwork.computeIfAbsent(row.getUUID("network_id"), id -> new HashSet<>())
                    .add(row.getString("role_title").toLowerCase(Locale.ROOT)));
                JsonArray rows = new JsonArray();
                int unrepresented = 0;
                for (var row : networks.result()) {
                    Set<String> present = titlesByNetwork.getOrDefault(row.getUUID("id"), Set.of());
                    List<String> have = new ArrayList<>();
                    List<String> missing = new ArrayList<>();
                    for (String title : meeting.requiredRoleTitles()) {
                        (present.contains(title.toLowerCase(Locale.ROOT)) ? have : missing).add(title);
                    }
                    if (!missing.isEmpty()) {
                        unrepresented++;
                    }
                    rows.add(new JsonObject().put("networkId", row.getUUID("id").toString()).put("name", row.getString("name"))
                        .put("slug", row.getString("slug")).put("represented", new JsonArray(have))
                        .put("missing", new JsonArray(missing)));
                }
                return new JsonObject().put("requiredRoleTitles", new JsonArray(meeting.requiredRoleTitles()))
                    .put("networks", rows).put("fullyRepresented", rows.size() - unrepresented)
                    .put("notYetRepresented", unrepresented);
            });
        });
    }
}
