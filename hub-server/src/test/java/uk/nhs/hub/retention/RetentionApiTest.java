package uk.nhs.hub.retention;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * {@code GET/PUT /api/networks/{id}/retention}: organisers and administrators read and set the periods, only
 * administrators set or lift a legal hold, everyone else is answered as for the network, and bad periods get the
 * one error shape naming the field.
 */
class RetentionApiTest {

    private static WebClient client;
    private static TestUser admin;
    private static TestUser organiser;
    private static TestUser member;
    private static TestUser guest;
    private static TestUser outsider;
    private static String region;
    private static String local;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        admin = TestUsers.create(client, "Ada Administrator");
        await(TestHub.get().pool().preparedQuery("INSERT INTO platform_administrators (user_id) VALUES ($1)")
            .execute(Tuple.of(admin.id())));
        organiser = TestUsers.create(client, "Olu Organiser");
        member = TestUsers.create(client, "Mo Member");
        guest = TestUsers.create(client, "Gil Guest");
        outsider = TestUsers.create(client, "Oz Outsider");
        region = send(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Kept region")
            .put("slug", "kept-region").put("visibility", "private")).bodyAsJsonObject().getString("id");
        local = send(organiser, HttpMethod.POST, "/api/networks", new JsonObject().put("name", "Kept local")
            .put("slug", "kept-local").put("visibility", "private").put("parentId", region)).bodyAsJsonObject()
            .getString("id");
        for (var entry : Map.of(member, "member", guest, "guest").entrySet()) {
            assertEquals(201, send(organiser, HttpMethod.POST, "/api/networks/" + region + "/members",
                new JsonObject().put("email", entry.getKey().email()).put("role", entry.getValue())).statusCode());
        }
    }

    private static HttpResponse<Buffer> send(TestUser user, HttpMethod method, String uri, JsonObject body) {
        HttpRequest<Buffer> request = client.request(method, uri);
        if (user != null) {
            request.putHeader("Authorization", user.bearer());
        }
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    private static String path(String network) {
        return "/api/networks/" + network + "/retention";
    }

    private static JsonObject periods(Integer months) {
        return new JsonObject().put("discussionsMonths", months).put("meetingsMonths", months)
            .put("responsesMonths", months);
    }

    @Test
    void organisersAndAdministratorsReadAndSetPeriodsAndEveryoneElseIsAnsweredAsForTheNetwork() {
        JsonObject fresh = send(organiser, HttpMethod.GET, path(region), null).bodyAsJsonObject();
        assertNull(fresh.getInteger("discussionsMonths"), "a network keeps everything until told otherwise");
        assertFalse(fresh.getBoolean("legalHold"));
        assertFalse(fresh.getBoolean("mayChangeHold"));

        HttpResponse<Buffer> saved = send(organiser, HttpMethod.PUT, path(region), periods(72));
        assertEquals(200, saved.statusCode(), saved.bodyAsString());
        assertEquals(72, saved.bodyAsJsonObject().getInteger("meetingsMonths"));
        assertEquals(200, send(admin, HttpMethod.GET, path(region), null).statusCode());
        assertTrue(send(admin, HttpMethod.GET, path(region), null).bodyAsJsonObject().getBoolean("mayChangeHold"));

        for (TestUser refused : List.of(member, guest)) {
            assertEquals(403, send(refused, HttpMethod.GET, path(region), null).statusCode());
            assertEquals(403, send(refused, HttpMethod.PUT, path(region), periods(1)).statusCode());
        }
        assertEquals(404, send(outsider, HttpMethod.GET, path(region), null).statusCode());
        assertEquals(404, send(outsider, HttpMethod.PUT, path(region), periods(1)).statusCode());
        assertEquals(404, send(organiser, HttpMethod.GET, path(UUID.randomUUID().toString()), null).statusCode());
        assertEquals(401, send(null, HttpMethod.GET, path(region), null).statusCode());
        assertEquals(401, send(null, HttpMethod.PUT, path(region), periods(1)).statusCode());
        assertEquals(72, send(organiser, HttpMethod.GET, path(region), null).bodyAsJsonObject()
            .getInteger("discussionsMonths"), "refused changes change nothing");
    }

    @Test
    void onlyAdministratorsSetOrLiftALegalHoldWhichCoversTheNetworksInside() {
        JsonObject hold = periods(24).put("legalHold", true).put("legalHoldReason", "Public inquiry into winter 2026");
        assertEquals(403, send(organiser, HttpMethod.PUT, path(local), hold).statusCode());

        HttpResponse<Buffer> held = send(admin, HttpMethod.PUT, path(region), hold);
        assertEquals(200, held.statusCode(), held.bodyAsString());
        assertTrue(held.bodyAsJsonObject().getBoolean("legalHold"));
        assertEquals(region, held.bodyAsJsonObject().getString("heldBy"));

        JsonObject seen = send(organiser, HttpMethod.GET, path(local), null).bodyAsJsonObject();
        assertFalse(seen.getBoolean("legalHold"));
        assertEquals(region, seen.getString("heldBy"), "a hold covers the networks inside");

        // organisers may still change the periods, which leaves the hold alone, but may not lift it
        HttpResponse<Buffer> periodsOnly = send(organiser, HttpMethod.PUT, path(region), periods(36));
        assertEquals(200, periodsOnly.statusCode(), periodsOnly.bodyAsString());
        assertTrue(periodsOnly.bodyAsJsonObject().getBoolean("legalHold"));
        assertEquals(403, send(organiser, HttpMethod.PUT, path(region), periods(36).put("legalHold", false)).statusCode());
        assertEquals(403, send(organiser, HttpMethod.PUT, path(region), periods(36).put("legalHold", true)
            .put("legalHoldReason", "Something else")).statusCode());

        HttpResponse<Buffer> lifted = send(admin, HttpMethod.PUT, path(region), periods(36).put("legalHold", false));
        assertEquals(200, lifted.statusCode(), lifted.bodyAsString());
        assertNull(lifted.bodyAsJsonObject().getString("heldBy"));
        assertNull(lifted.bodyAsJsonObject().getString("legalHoldReason"));

        List<String> actions = new ArrayList<>();
        await(TestHub.get().pool().preparedQuery("SELECT action FROM audit_log WHERE network_id = $1 AND action LIKE"
            + " 'retention.%' ORDER BY id").execute(Tuple.of(UUID.fromString(region))))
            .forEach(row -> actions.add(row.getString("action")));
        assertTrue(actions.contains("retention.hold-set"), actions.toString());
        assertTrue(actions.contains("retention.hold-lifted"), actions.toString());
    }

    @Test
    void badPeriodsAndReasonsGetTheErrorShapeNamingTheField() {
        Map<JsonObject, String> bad = Map.of(
            new JsonObject().put("discussionsMonths", -6), "discussionsMonths",
            new JsonObject().put("meetingsMonths", 0), "meetingsMonths",
            new JsonObject().put("responsesMonths", 1201), "responsesMonths",
            new JsonObject().put("discussionsMonths", new java.math.BigInteger("99999999999999999999999")), "discussionsMonths",
            new JsonObject().put("meetingsMonths", "six years"), "meetingsMonths",
            new JsonObject().put("responsesMonths", 6.5), "responsesMonths",
            new JsonObject().put("legalHold", "yes"), "legalHold",
            new JsonObject().put("legalHold", true), "legalHoldReason",
            new JsonObject().put("legalHold", true).put("legalHoldReason", "  "), "legalHoldReason",
            new JsonObject().put("legalHold", true).put("legalHoldReason", "x".repeat(501)), "legalHoldReason");
        bad.forEach((body, field) -> {
            HttpResponse<Buffer> refused = send(admin, HttpMethod.PUT, path(local), body);
            assertEquals(400, refused.statusCode(), body.encode());
            JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
            assertEquals(field, error.getString("field"), body.encode());
            assertFalse(error.getString("message").isBlank());
        });
        assertEquals(400, await(client.put(path(local)).putHeader("Authorization", admin.bearer())
            .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"discussionsMonths\":"))).statusCode());
    }
}
