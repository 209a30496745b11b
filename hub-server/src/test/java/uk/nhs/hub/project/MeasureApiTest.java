package uk.nhs.hub.project;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static uk.nhs.hub.TestHub.await;
import static uk.nhs.hub.project.ProjectApiTestSupport.ok;
import static uk.nhs.hub.project.ProjectApiTestSupport.send;

/**
 * A project's impact measures through the real API: a private network with an organiser, a member and a network
 * guest; a project whose team holds someone from outside the network; and an outsider.
 */
class MeasureApiTest {

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser networkGuest;
    private static TestUser teamMember;
    private static TestUser outsider;
    private static String project;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        ProjectApiTestSupport.PrivateProject fixture = ProjectApiTestSupport.privateProject("Children's surgery",
            "measures-surgery", "Project Manager");
        organiser = fixture.organiser();
        member = fixture.member();
        networkGuest = fixture.networkGuest();
        teamMember = fixture.teamMember();
        outsider = fixture.outsider();
        project = fixture.project();
    }


    private static JsonObject measure(String name) {
        return ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + project + "/measures", new JsonObject()
            .put("name", name).put("unit", "children a month").put("baseline", 40).put("target", 10).put("direction", "down")));
    }

    private static JsonObject reading(String measureId, String date, Object value) {
        return ok(201, send(organiser, HttpMethod.POST, "/api/measures/" + measureId + "/readings",
            new JsonObject().put("date", date).put("value", value).put("note", "")));
    }

    /** Whoever may change the project changes its measures; members read them; everyone else is told they do not exist. */
    @Test
    void authorisationMatrixForEveryRole() {
        Map<String, TestUser> people = new LinkedHashMap<>();
        people.put("organiser", organiser);
        people.put("team member", teamMember);
        people.put("member", member);
        people.put("network guest", networkGuest);
        people.put("outsider", outsider);
        people.put("signed out", null);
        // organiser, team member, member, network guest, outsider, signed out
        record Case(String name, int... statuses) {
        }
        List<Case> cases = List.of(new Case("list", 200, 200, 200, 404, 404, 401),
            new Case("add measure", 201, 201, 403, 404, 404, 401),
            new Case("change measure", 200, 200, 403, 404, 404, 401),
            new Case("add reading", 201, 201, 403, 404, 404, 401),
            new Case("remove reading", 200, 200, 403, 404, 404, 401),
            new Case("remove measure", 204, 204, 403, 404, 404, 401));
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            int i = 0;
            for (Map.Entry<String, TestUser> person : people.entrySet()) {
                // a fresh measure and reading for each attempt, so that one person's removal cannot hide another's answer
                String measureId = measure("Transfers " + c.name() + " " + person.getKey()).getString("id");
                String readingId = reading(measureId, "2027-01-31", 30).getJsonArray("readings").getJsonObject(0).getString("id");
                HttpResponse<Buffer> response = switch (c.name()) {
                    case "list" -> send(person.getValue(), HttpMethod.GET, "/api/projects/" + project + "/measures", null);
                    case "add measure" -> send(person.getValue(), HttpMethod.POST, "/api/projects/" + project + "/measures",
                        new JsonObject().put("name", "Waiting time").put("unit", "days"));
                    case "change measure" -> send(person.getValue(), HttpMethod.PATCH, "/api/measures/" + measureId,
                        new JsonObject().put("target", 5));
                    case "add reading" -> send(person.getValue(), HttpMethod.POST, "/api/measures/" + measureId + "/readings",
                        new JsonObject().put("date", "2027-02-28").put("value", 25));
                    case "remove reading" -> send(person.getValue(), HttpMethod.DELETE, "/api/readings/" + readingId, null);
                    default -> send(person.getValue(), HttpMethod.DELETE, "/api/measures/" + measureId, null);
                };
                if (response.statusCode() != c.statuses()[i]) {
                    wrong.add(c.name() + " as " + person.getKey() + ": " + response.statusCode() + " " + response.bodyAsString());
                }
                if (response.statusCode() == 404) {
                    assertEquals("not_found", response.bodyAsJsonObject().getJsonObject("error").getString("code"));
                }
                i++;
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void aMeasureNobodyCanSeeAndOneThatDoesNotExistAnswerAlike() {
        String measureId = measure("Hidden").getString("id");
        HttpResponse<Buffer> hidden = send(outsider, HttpMethod.POST, "/api/measures/" + measureId + "/readings",
            new JsonObject().put("date", "2027-01-31").put("value", 1));
        HttpResponse<Buffer> missing = send(outsider, HttpMethod.POST, "/api/measures/" + UUID.randomUUID() + "/readings",
            new JsonObject().put("date", "2027-01-31").put("value", 1));
        assertEquals(404, hidden.statusCode());
        assertEquals(missing.statusCode(), hidden.statusCode());
        assertEquals(missing.bodyAsJsonObject(), hidden.bodyAsJsonObject());
    }

    @Test
    void readingsComeBackInDateOrderWithExactValuesAndRemovingOneLeavesTheRest() {
        String measureId = measure("Transfers out of area").getString("id");
        reading(measureId, "2027-03-31", 22.5);
        reading(measureId, "2027-01-31", "38");
        JsonObject measure = reading(measureId, "2027-02-28", 30);
        JsonArray readings = measure.getJsonArray("readings");
        assertEquals(List.of("2027-01-31", "2027-02-28", "2027-03-31"),
            readings.stream().map(r -> ((JsonObject) r).getString("date")).toList());
        assertEquals(22.5, readings.getJsonObject(2).getDouble("value"));
        assertEquals(38.0, readings.getJsonObject(0).getDouble("value"));
        assertEquals(40.0, measure.getDouble("baseline"));
        assertEquals("down", measure.getString("direction"));

        JsonObject afterRemoval = ok(200, send(teamMember, HttpMethod.DELETE, "/api/readings/"
            + readings.getJsonObject(1).getString("id"), null));
        assertEquals(2, afterRemoval.getJsonArray("readings").size());

        JsonObject changed = ok(200, send(organiser, HttpMethod.PATCH, "/api/measures/" + measureId,
            new JsonObject().put("target", null).put("name", "Transfers to another hospital")));
        assertNull(changed.getDouble("target"), "a null target clears it");
        assertEquals(40.0, changed.getDouble("baseline"), "a field left out keeps its value");
        assertEquals("Transfers to another hospital", changed.getString("name"));

        assertEquals(204, send(organiser, HttpMethod.DELETE, "/api/measures/" + measureId, null).statusCode());
        assertEquals(404, send(organiser, HttpMethod.PATCH, "/api/measures/" + measureId,
            new JsonObject().put("target", 1)).statusCode());
    }

    @Test
    void badNumbersAndDatesAreRefusedInTheOneErrorShapeAndWriteNothing() {
        String measureId = measure("Bad input").getString("id");
        record Bad(JsonObject body, String field) {
        }
        List<Bad> bad = List.of(new Bad(new JsonObject().put("date", "2027-01-31").put("value", "lots"), "value"),
            new Bad(new JsonObject().put("date", "2027-01-31").put("value", -1), "value"),
            new Bad(new JsonObject().put("date", "2027-01-31").put("value", 1.125), "value"),
            new Bad(new JsonObject().put("date", "2027-01-31").put("value", true), "value"),
            new Bad(new JsonObject().put("date", "2027-01-31"), "value"),
            new Bad(new JsonObject().put("date", "31/01/2027").put("value", 3), "date"),
            new Bad(new JsonObject().put("date", "2027-02-30").put("value", 3), "date"),
            new Bad(new JsonObject().put("date", 20270131).put("value", 3), "date"),
            new Bad(new JsonObject().put("value", 3), "date"));
        for (Bad b : bad) {
            HttpResponse<Buffer> refused = send(organiser, HttpMethod.POST, "/api/measures/" + measureId + "/readings", b.body());
            assertEquals(400, refused.statusCode(), b.body().encode());
            JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
            assertEquals(b.field(), error.getString("field"), b.body().encode());
            assertEquals("invalid", error.getString("code"));
        }
        for (JsonObject body : List.of(new JsonObject().put("unit", "days"), new JsonObject().put("name", "x"),
            new JsonObject().put("name", "x").put("unit", "days").put("direction", "sideways"),
            new JsonObject().put("name", "x").put("unit", "days").put("baseline", "ten"))) {
            assertEquals(400, send(organiser, HttpMethod.POST, "/api/projects/" + project + "/measures", body).statusCode(),
                body.encode());
        }
        JsonObject list = ok(200, send(organiser, HttpMethod.GET, "/api/projects/" + project + "/measures", null));
        JsonObject same = list.getJsonArray("measures").stream().map(JsonObject.class::cast)
            .filter(m -> m.getString("id").equals(measureId)).findFirst().orElseThrow();
        assertEquals(0, same.getJsonArray("readings").size());
    }

    @Test
    void aNewReadingIsAnnouncedOnTheProjectsLiveAddress() throws Exception {
        String measureId = measure("Live").getString("id");
        CompletableFuture<JsonObject> heard = new CompletableFuture<>();
        MessageConsumer<JsonObject> consumer = TestHub.get().vertx().eventBus()
            .consumer(ProjectEvents.address(UUID.fromString(project)), message -> heard.complete(message.body()));
        await(consumer.completion());
        try {
            reading(measureId, "2027-04-30", 12);
            JsonObject event = heard.get(10, TimeUnit.SECONDS);
            assertEquals("project.measure.changed", event.getString("type"));
            long activity = ok(200, send(organiser, HttpMethod.GET, "/api/projects/" + project, null)).getLong("activity");
            assertEquals(activity, event.getLong("activity"));
        } finally {
            await(consumer.unregister());
        }
    }

    @Test
    void theLargestReadingAllowedStillDrawsAndALargerOneIsRefused() {
        JsonObject measure = ok(201, send(organiser, HttpMethod.POST, "/api/projects/" + project + "/measures",
            new JsonObject().put("name", "Pounds saved").put("unit", "pounds")));
        String readings = "/api/measures/" + measure.getString("id") + "/readings";
        ok(201, send(organiser, HttpMethod.POST, readings, new JsonObject().put("date", "2027-01-31").put("value", 1_000_000_000)));
        JsonObject refused = ok(400, send(organiser, HttpMethod.POST, readings,
            new JsonObject().put("date", "2027-02-28").put("value", 3_000_000_000L)));
        assertEquals("value", refused.getJsonObject("error").getString("field"));
        HttpResponse<Buffer> page = uk.nhs.hub.PageRequests.get(client, member, "/projects/" + project);
        assertEquals(200, page.statusCode(), "the project page still draws the chart");
    }
}
