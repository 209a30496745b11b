package uk.nhs.hub.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The attendance report's grid of networks by dates and its tally per network. */
class AttendanceChartsTest {

    /** Last year, so every date has happened and can be marked. */
    private static final int YEAR = LocalDate.now().getYear() - 1;
    private static final String JANUARY = YEAR + "-01-12T10:00:00Z";
    private static final String FEBRUARY = YEAR + "-02-12T10:00:00Z";
    private static final String WINDOW = "?from=" + YEAR + "-01-01&to=" + YEAR + "-03-31";

    private static WebClient client;
    private static TestUser lead;
    private static String national;
    private static String slug;
    private static String meeting;
    private static TestUser northNurse;
    private static TestUser southMember;
    private static TestUser stand;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        lead = TestUsers.create(client, "Grid Lead");
        northNurse = TestUsers.create(client, "North Nurse");
        southMember = TestUsers.create(client, "South Member");
        stand = TestUsers.create(client, "Stand In");
        national = network("Grid national", null);
        slug = await(client.get("/api/networks/" + national).putHeader("Authorization", lead.bearer()).send())
            .bodyAsJsonObject().getString("slug");
        String north = network("Grid north", national);
        String south = network("Grid south", national);
        network("Grid east", national);
        add(national, northNurse, null);
        add(north, northNurse, "Lead nurse");
        add(national, southMember, null);
        add(south, southMember, null);
        meeting = await(client.post("/api/networks/" + national + "/meetings").putHeader("Authorization", lead.bearer())
            .sendJsonObject(new JsonObject().put("title", "Grid meeting").put("start", YEAR + "-01-12T10:00").put("durationMinutes", 60)
                .put("rrule", "FREQ=MONTHLY;COUNT=3"))).bodyAsJsonObject().getString("id");
        mark(JANUARY, new JsonArray().add(entry(northNurse)).add(entry(southMember)));
        // South's member replied yes and sent someone in February (replies close once a date starts, so written directly)
        await(TestHub.get().pool().preparedQuery("INSERT INTO rsvps (meeting_id, original_start, user_id, response, delegate_user_id)"
                + " VALUES ($1, $2, $3, 'yes', $4)")
            .execute(Tuple.of(UUID.fromString(meeting), OffsetDateTime.parse(FEBRUARY), southMember.id(), stand.id())));
    }

    private static String network(String name, String parent) {
        JsonObject body = new JsonObject().put("name", name).put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent);
        }
        return await(client.post("/api/networks").putHeader("Authorization", lead.bearer()).sendJsonObject(body))
            .bodyAsJsonObject().getString("id");
    }

    private static void add(String network, TestUser person, String title) {
        assertEquals(201, await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", lead.bearer())
            .sendJsonObject(new JsonObject().put("email", person.email()).put("role", "member").put("roleTitle", title))).statusCode());
    }

    private static JsonObject entry(TestUser person) {
        return new JsonObject().put("userId", person.id().toString()).put("mark", "attended");
    }

    private static void mark(String start, JsonArray marks) {
        assertEquals(200, await(client.put("/api/meetings/" + meeting + "/occurrences/" + start + "/attendance")
            .putHeader("Authorization", lead.bearer()).sendJsonObject(new JsonObject().put("marks", marks))).statusCode());
    }

    private static JsonArray presence(JsonObject report, String name) {
        return report.getJsonArray("networks").stream().map(JsonObject.class::cast).filter(n -> n.getString("name").equals(name))
            .findFirst().orElseThrow().getJsonArray("presence");
    }

    @Test
    void eachNetworkAndDateSaysWhetherARoleTitleADelegateOrNobodyCame() {
        JsonObject report = await(client.get("/api/networks/" + national + "/attendance" + WINDOW)
            .putHeader("Authorization", lead.bearer()).send()).bodyAsJsonObject();
        assertEquals(3, report.getJsonArray("occurrences").size());
        assertEquals(new JsonArray().add("role-title").add("absent").add("absent"), presence(report, "Grid north"));
        assertEquals(new JsonArray().add("delegate").add("delegate").add("absent"), presence(report, "Grid south"),
            "someone without a role title came in January; a delegate was sent in February");
        assertEquals(new JsonArray().add("absent").add("absent").add("absent"), presence(report, "Grid east"));
    }

    @Test
    void theReportPageDrawsTheGridAndEachNetworksTallyWithTheirTables() {
        String html = PageRequests.get(client, lead, "/networks/" + slug + "/attendance" + WINDOW.replace("?from=", "?x=")
            + "&from-day=1&from-month=1&from-year=" + YEAR + "&to-day=31&to-month=3&to-year=" + YEAR).bodyAsString();
        assertTrue(html.contains("id=\"chart-attendance-grid-svg\""), html);
        assertTrue(html.contains("data-category=\"Grid north\" data-series=\"12 January " + YEAR + "\" data-value=\"Attended by role title\""));
        assertTrue(html.contains("data-category=\"Grid south\" data-series=\"12 February " + YEAR + "\" data-value=\"Sent a delegate\""));
        assertTrue(html.contains("data-category=\"Grid east\" data-series=\"12 March " + YEAR + "\" data-value=\"Absent\""));
        assertTrue(html.contains("data-chart-table=\"chart-attendance-grid\""));
        assertTrue(html.contains("id=\"chart-attendance-per-network-svg\""));
        assertTrue(html.contains("data-category=\"Grid east\" data-series=\"Absent\" data-value=\"3\""), "the network that never came");
        assertTrue(html.contains("<th class=\"nhsuk-table__header\" scope=\"row\">Grid north</th><td class=\"nhsuk-table__cell\">1</td>"
            + "<td class=\"nhsuk-table__cell\">0</td><td class=\"nhsuk-table__cell\">2</td><td class=\"nhsuk-table__cell\">3</td>"),
            "the tally's table: by role title, delegate, absent, total");
    }
}
