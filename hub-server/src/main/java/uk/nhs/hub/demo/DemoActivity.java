package uk.nhs.hub.demo;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.broadcast.BroadcastService;
import uk.nhs.hub.discussion.DiscussionService;
import uk.nhs.hub.meeting.MeetingService;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the demonstration networks are doing when someone first looks: the national cancer leads' programme of
 * meetings, a discussion with replies, and a broadcast from the central team with acknowledgements and a
 * response. It goes through the same services as people do, so everything it makes behaves like the real thing.
 */
public final class DemoActivity {

    private static final String PEOPLE = """
        SELECT u.id, u.email, u.display_name FROM users u WHERE u.email = ANY($1)
        """;
    private static final String NETWORKS = "SELECT id, slug FROM networks WHERE slug = ANY($1)";

    private final Pool pool;
    private final MeetingService meetings;
    private final DiscussionService discussions;
    private final BroadcastService broadcasts;
    private final Clock clock;

    public DemoActivity(Pool pool, MeetingService meetings, DiscussionService discussions, BroadcastService broadcasts, Clock clock) {
        this.pool = pool;
        this.meetings = meetings;
        this.discussions = discussions;
        this.broadcasts = broadcasts;
        this.clock = clock;
    }

    /** Adds the activity to freshly seeded demonstration data. */
    public Future<Void> add() {
        String[] emails = {"organiser", "central", "leeds.nurse", "leeds.doctor", "leeds.manager", "york.nurse", "bath.manager"};
        for (int i = 0; i < emails.length; i++) {
            emails[i] = emails[i] + DemoData.DOMAIN;
        }
        return Future.all(pool.preparedQuery(PEOPLE).execute(Tuple.of((Object) emails)),
                pool.preparedQuery(NETWORKS).execute(Tuple.of((Object) new String[]{"national-cancer-network", "leeds-cancer"})))
            .compose(all -> {
                Map<String, SignedInUser> people = new HashMap<>();
                for (Row row : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(0)) {
                    people.put(row.getString("email").replace(DemoData.DOMAIN, ""),
                        new SignedInUser(row.getUUID("id"), row.getString("email"), row.getString("display_name"),
                            clock.instant().plusSeconds(3600)));
                }
                Map<String, UUID> networks = new HashMap<>();
                all.<io.vertx.sqlclient.RowSet<Row>>resultAt(1).forEach(row -> networks.put(row.getString("slug"), row.getUUID("id")));
                UUID national = networks.get("national-cancer-network");
                return programme(people, national).compose(v -> discussion(people, national))
                    .compose(v -> broadcast(people, national, networks.get("leeds-cancer")));
            });
    }

    private Future<Void> programme(Map<String, SignedInUser> people, UUID national) {
        LocalDate secondTuesday = LocalDate.now(clock.withZone(ZoneId.of("Europe/London"))).plusMonths(1).withDayOfMonth(1)
            .with(TemporalAdjusters.dayOfWeekInMonth(2, DayOfWeek.TUESDAY));
        return meetings.create(people.get("organiser"), national, new JsonObject()
            .put("title", "National cancer leads meeting")
            .put("description", "The lead nurse, lead doctor and manager of each local cancer network, every two months for a year.")
            .put("start", secondTuesday + "T10:00").put("timeZone", "Europe/London").put("durationMinutes", 180)
            .put("rrule", "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6").put("location", "Wellington Place, Leeds")
            .put("onlineUrl", "https://meet.example.nhs.uk/cancer-leads").put("capacity", 110)
            .put("requiredRoleTitles", new JsonArray().add("Lead nurse").add("Lead doctor").add("Manager"))
            .put("reminderHours", 48)).mapEmpty();
    }

    private Future<Void> discussion(Map<String, SignedInUser> people, UUID national) {
        return discussions.createThread(people.get("central"), national, new JsonObject()
                .put("title", "Faster diagnosis standard: what is working locally?")
                .put("body", "We are collecting **what has helped** networks meet the 28-day faster diagnosis standard. "
                    + "Please share one change that made a difference, and what it took.\n\n- pathway changes\n"
                    + "- workforce\n- digital tools"), null)
            .compose(thread -> {
                UUID threadId = UUID.fromString(thread.getString("id"));
                String first = thread.getJsonObject("firstPost").getString("id");
                return discussions.reply(people.get("leeds.nurse"), threadId, new JsonObject()
                        .put("body", "Nurse-led triage for lower GI referrals cut our waits by nine days.").put("parentId", first), null)
                    .compose(reply -> discussions.reply(people.get("york.nurse"), threadId, new JsonObject()
                        .put("body", "@[Lead nurse] in Leeds, did you need extra endoscopy capacity for that?")
                        .put("parentId", reply.getString("id")), null))
                    .compose(reply -> discussions.reply(people.get("leeds.doctor"), threadId, new JsonObject()
                        .put("body", "We borrowed two lists a week from the independent sector for the first three months."), null));
            }).mapEmpty();
    }

    private Future<Void> broadcast(Map<String, SignedInUser> people, UUID national, UUID leeds) {
        String deadline = LocalDate.now(clock.withZone(ZoneId.of("Europe/London"))).plusWeeks(3).toString();
        return broadcasts.create(people.get("central"), new JsonObject()
                .put("networkId", national.toString())
                .put("title", "Updated guidance on the faster diagnosis standard")
                .put("body", "The national team has updated its guidance on **best practice timed pathways**. Please read it "
                    + "with your network, discuss it locally and send one agreed response by the deadline.")
                .put("attachments", new JsonArray().add(new JsonObject().put("title", "Faster diagnosis standard guidance")
                    .put("url", "https://www.england.nhs.uk/cancer/faster-diagnosis/")))
                .put("deadline", deadline)
                .put("targets", new JsonObject().put("networkIds", new JsonArray().add(national.toString())).put("includeDescendants", true))
                .put("feedback", new JsonObject().put("mode", "network").put("anonymous", false).put("submitterRoleTitle", "Manager")
                    .put("questions", new JsonArray()
                        .add(new JsonObject().put("id", "ready").put("type", "single").put("label", "Is your network ready to adopt it?")
                            .put("options", new JsonArray().add("Yes").add("Partly").add("No")))
                        .add(new JsonObject().put("id", "confidence").put("type", "rating").put("label", "How confident are you in meeting the standard?"))
                        .add(new JsonObject().put("id", "barriers").put("type", "text").put("label", "What would help most?").put("required", false))
                        .add(new JsonObject().put("id", "risk").put("type", "risk").put("label", "Is meeting the standard a local risk?")))))
            .compose(sent -> {
                UUID id = UUID.fromString(sent.getString("id"));
                return broadcasts.acknowledge(people.get("leeds.nurse"), id)
                    .compose(v -> broadcasts.acknowledge(people.get("york.nurse"), id))
                    .compose(v -> broadcasts.acknowledge(people.get("bath.manager"), id))
                    .compose(v -> broadcasts.respond(people.get("leeds.manager"), id, new JsonObject()
                        .put("networkId", leeds.toString()).put("answers", new JsonObject()
                        .put("ready", "Partly").put("confidence", 3).put("barriers", "Endoscopy capacity and a shared triage template")
                        .put("risk", true))));
            }).mapEmpty();
    }
}
