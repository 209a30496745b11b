package uk.nhs.hub.project;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.RequestOrigin;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The demonstration network's service change projects: the children's surgery and anaesthesia project, five
 * steps done, heard at several boards, a commissioning decision expected, monthly progress and a measure of its
 * impact; and the acutely unwell child case for change, just begun. Made through the same services as people
 * use, with months counted back from today so the progress report always has something to show. Adds nothing
 * when the children's surgery network is missing or already has its projects.
 */
public final class DemoProjects {

    static final String SURGERY = "Children's surgery and anaesthesia";
    static final String UNWELL_CHILD = "Acutely unwell child: case for change";
    private static final String NETWORK = "childrens-surgery-anaesthesia";
    private static final String DOMAIN = "@demo.nhs.uk";
    private static final RequestOrigin DEMO = new RequestOrigin("127.0.0.1", "demo-data", "demo");
    private static final String PEOPLE = "SELECT id, email, display_name FROM users WHERE email = ANY($1)";
    private static final String STATE = """
        SELECT n.id, EXISTS (SELECT 1 FROM projects p WHERE p.network_id = n.id) AS has_projects
        FROM networks n WHERE n.slug = $1
        """;

    private final Pool pool;
    private final ProjectService projects;
    private final ProjectMeasures measures;
    private final ConsultationService consultations;
    private final Clock clock;

    DemoProjects(Pool pool, ProjectService projects, ProjectMeasures measures, ConsultationService consultations,
                 Clock clock) {
        this.pool = pool;
        this.projects = projects;
        this.measures = measures;
        this.consultations = consultations;
        this.clock = clock;
    }

    /** Adds the projects unless they are there already. */
    public Future<Void> add() {
        String[] emails = {"surgery" + DOMAIN, "chief" + DOMAIN, "leeds.doctor" + DOMAIN, "york.doctor" + DOMAIN,
            "leeds.manager" + DOMAIN};
        Future<RowSet<Row>> state = pool.preparedQuery(STATE).execute(Tuple.of(NETWORK));
        Future<RowSet<Row>> people = pool.preparedQuery(PEOPLE).execute(Tuple.of((Object) emails));
        return Future.all(state, people).compose(all -> {
            if (state.result().size() == 0 || state.result().iterator().next().getBoolean("has_projects")) {
                return Future.succeededFuture();
            }
            UUID network = state.result().iterator().next().getUUID("id");
            Map<String, SignedInUser> by = new HashMap<>();
            for (Row row : people.result()) {
                by.put(row.getString("email").replace(DOMAIN, ""), new SignedInUser(row.getUUID("id"), row.getString("email"),
                    row.getString("display_name"), clock.instant().plusSeconds(3600)));
            }
            SignedInUser lead = by.get("surgery");
            if (lead == null) {
                return Future.succeededFuture();
            }
            return surgery(lead, by, network).compose(v -> unwellChild(lead, network));
        });
    }

    private Future<Void> surgery(SignedInUser lead, Map<String, SignedInUser> people, UUID network) {
        YearMonth now = YearMonth.now(clock.withZone(DateTimeWords.READER));
        LocalDate today = LocalDate.now(clock.withZone(DateTimeWords.READER));
        return projects.create(lead, network, new JsonObject().put("title", SURGERY)
                .put("summary", "Children's surgery and anaesthesia across the region, planned together by the hospitals, "
                    + "commissioners, families and the network, so that every child has safe, sustainable care as close to "
                    + "home as possible.")
                .put("aims", new JsonArray().add("Fewer children transferred out of the area for emergency surgery")
                    .add("Every hospital that operates on children meets the same standards")
                    .add("Families help design the services they use")))
            .compose(created -> {
                UUID id = UUID.fromString(created.getString("id"));
                Future<JsonObject> chain = Future.succeededFuture();
                for (String stage : List.of("big-idea", "decision-time", "building-the-team", "understand-whats-around",
                        "gather-ideas")) {
                    chain = chain.compose(v -> projects.changeStage(lead, id, stage, new JsonObject().put("status", "done")));
                }
                chain = chain.compose(v -> projects.changeStage(lead, id, "make-the-change", new JsonObject()
                        .put("status", "in-progress").put("notes", "Business cases are with the commissioners.")))
                    .compose(v -> projects.update(lead, id, new JsonObject().put("status", "active")
                        .put("currentStage", "make-the-change")));
                for (String[] member : new String[][]{{"chief", "Chief Executive Sponsor"}, {"leeds.doctor", "Medical Director Sponsor"},
                        {"york.doctor", "Medical Director Sponsor"}, {"leeds.manager", "Project Manager"}}) {
                    SignedInUser person = people.get(member[0]);
                    if (person != null) {
                        chain = chain.compose(v -> projects.addTeamMember(lead, id, new JsonObject()
                            .put("accountId", person.id().toString()).put("roleTitle", member[1]), DEMO));
                    }
                }
                chain = chain.compose(v -> projects.addTeamMember(lead, id, new JsonObject()
                    .put("email", "parent.representative" + DOMAIN).put("roleTitle", "Service user representative"), DEMO));
                String[][] updates = {
                    {"The case for change went to the first boards.", "Case for change published", "Take the case to every governing body and trust board"},
                    {"The public consultation closed with over 1,200 responses.", "Consultation closed", "Write the business cases"},
                    {"Business cases are with the commissioners.", "Wakefield CCG governing body approved the case", "Commissioning decision"}};
                for (int i = 0; i < updates.length; i++) {
                    String period = now.minusMonths(2 - i).toString();
                    String[] u = updates[i];
                    chain = chain.compose(v -> projects.addUpdate(lead, id, new JsonObject().put("period", period).put("body", u[0])
                        .put("achievements", new JsonArray().add(u[1])).put("nextSteps", new JsonArray().add(u[2]))));
                }
                Object[][] hearings = {
                    {"Wakefield CCG governing body", today.minusMonths(1), "approved"},
                    {"Leeds CCG governing body", today.plusDays(7), "pending"},
                    {"Mid Yorkshire Hospitals trust board", today.minusMonths(1).plusDays(14), "deferred"},
                    {"Leeds Teaching Hospitals trust board", today.plusDays(14), "pending"},
                    {"Calderdale CCG governing body", today.plusDays(21), "pending"}};
                for (Object[] h : hearings) {
                    chain = chain.compose(v -> projects.addHearing(lead, id, new JsonObject().put("body", h[0])
                        .put("date", h[1].toString()).put("outcome", h[2])));
                }
                chain = chain.compose(v -> projects.addDecision(lead, id, new JsonObject()
                        .put("decision", "Go to public consultation").put("date", today.minusMonths(4).toString())
                        .put("decidedBy", "Joint committee of clinical commissioning groups")))
                    .compose(v -> projects.addDecision(lead, id, new JsonObject()
                        .put("decision", "Commissioning decision on the business cases").put("expected", "May 2027")));
                chain = chain.compose(v -> consultation(lead, people, id));
                return chain.compose(v -> measures.create(lead, id, new JsonObject()
                        .put("name", "Children transferred out of the area for emergency surgery")
                        .put("unit", "children a month").put("baseline", 18).put("target", 6).put("direction", "down")))
                    .compose(measure -> {
                        UUID measureId = UUID.fromString(measure.getString("id"));
                        int[] values = {18, 17, 15, 14, 12, 11};
                        Future<JsonObject> readings = Future.succeededFuture();
                        for (int i = 0; i < values.length; i++) {
                            LocalDate date = now.minusMonths(values.length - 1 - i).atEndOfMonth();
                            int value = values[i];
                            readings = readings.compose(v -> measures.addReading(lead, measureId,
                                new JsonObject().put("date", date.toString()).put("value", value)));
                        }
                        return readings;
                    });
            })
            .mapEmpty();
    }

    /**
     * The public consultation, answered by the team while it was open and then closed two months ago, so its
     * anonymous results (five answers, enough to be shown) are there to read.
     */
    private Future<JsonObject> consultation(SignedInUser lead, Map<String, SignedInUser> people, UUID projectId) {
        java.time.Instant now = clock.instant();
        JsonArray questions = new JsonArray()
            .add(new JsonObject().put("id", "model").put("type", "single")
                .put("label", "Do you support the proposed model of care for children's surgery?")
                .put("options", new JsonArray().add("Yes").add("No").add("Not sure")))
            .add(new JsonObject().put("id", "travel").put("type", "rating")
                .put("label", "How acceptable is travelling further for planned surgery?"))
            .add(new JsonObject().put("id", "matters").put("type", "text")
                .put("label", "What matters most to your family when your child needs an operation?"));
        return consultations.create(lead, projectId, new JsonObject().put("title", "Public consultation on children's surgery")
                .put("opensAt", now.minusSeconds(60).toString()).put("closesAt", now.plusSeconds(86_400).toString())
                .put("audience", "anyone-with-link").put("anonymous", true).put("questions", questions))
            .compose(created -> {
                UUID id = UUID.fromString(created.getString("id"));
                String[][] answers = {{"Yes", "4", "Being seen quickly by people who operate on children every day"},
                    {"Yes", "3", "Not having to travel far for follow-up appointments"}, {"Not sure", "2", "Parking"},
                    {"Yes", "4", "That the staff know children"}, {"No", "1", "Staying close to home"}};
                Future<JsonObject> chain = Future.succeededFuture();
                List<SignedInUser> who = new java.util.ArrayList<>(List.of(lead));
                for (String key : List.of("chief", "leeds.doctor", "york.doctor", "leeds.manager")) {
                    if (people.get(key) != null) {
                        who.add(people.get(key));
                    }
                }
                for (int i = 0; i < who.size(); i++) {
                    SignedInUser person = who.get(i);
                    String[] a = answers[i];
                    chain = chain.compose(v -> consultations.respond(person, id, new JsonObject().put("answers", new JsonObject()
                        .put("model", a[0]).put("travel", Integer.parseInt(a[1])).put("matters", a[2]))));
                }
                LocalDate today = LocalDate.now(clock.withZone(DateTimeWords.READER));
                return chain.compose(v -> consultations.update(lead, id, new JsonObject()
                    .put("opensAt", today.minusMonths(3).atTime(9, 0).atZone(DateTimeWords.READER).toOffsetDateTime().toString())
                    .put("closesAt", today.minusMonths(2).atTime(17, 0).atZone(DateTimeWords.READER).toOffsetDateTime().toString())));
            });
    }

    private Future<Void> unwellChild(SignedInUser lead, UUID network) {
        return projects.create(lead, network, new JsonObject().put("title", UNWELL_CHILD)
                .put("summary", "How children who become acutely unwell are cared for across the region's hospitals, and "
                    + "the case for changing it.")
                .put("aims", new JsonArray().add("Every acutely unwell child seen by the right team first time")))
            .compose(created -> projects.changeStage(lead, UUID.fromString(created.getString("id")), "big-idea",
                new JsonObject().put("status", "in-progress")))
            .mapEmpty();
    }
}
