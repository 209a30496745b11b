package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** Inviting whole networks (with those inside them), named people, and extra participants of one date. */
class InviteesTest {

    private static final String JANUARY = "2027-01-12T10:00:00Z";
    private static final String JULY = "2027-07-12T10:00:00%2B01:00";

    private static WebClient client;
    private static TestUser organiser;
    private static TestUser regionalMember;
    private static TestUser placeMember;
    private static TestUser otherPlaceMember;
    private static TestUser namedGuest;
    private static TestUser themedSpeaker;
    private static TestUser stranger;
    private static String meeting;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Invites Organiser");
        regionalMember = TestUsers.create(client, "Regional Member");
        placeMember = TestUsers.create(client, "Place Member");
        otherPlaceMember = TestUsers.create(client, "Other Place Member");
        namedGuest = TestUsers.create(client, "Named Guest");
        themedSpeaker = TestUsers.create(client, "Themed Speaker");
        stranger = TestUsers.create(client, "Uninvited Stranger");
        String host = network("Chief executives", null);
        String region = network("Race equality region", null);
        String place = network("Kirklees", region);
        String elsewhere = network("Elsewhere", null);
        add(region, regionalMember);
        add(place, placeMember);
        add(elsewhere, otherPlaceMember);
        meeting = await(client.post("/api/networks/" + host + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Twice-yearly meeting").put("start", "2027-01-12T10:00")
                .put("durationMinutes", 180).put("rrule", "FREQ=MONTHLY;INTERVAL=6;COUNT=2"))).bodyAsJsonObject().getString("id");
        assertEquals(201, invite(new JsonObject().put("networkId", region).put("includeDescendants", true)).statusCode());
        assertEquals(201, invite(new JsonObject().put("email", namedGuest.email())).statusCode());
        assertEquals(201, invite(new JsonObject().put("email", themedSpeaker.email()).put("originalStart", "2027-07-12T10:00:00+01:00")).statusCode());
    }

    private static String network(String name, String parent) {
        JsonObject body = new JsonObject().put("name", name).put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent);
        }
        return await(client.post("/api/networks").putHeader("Authorization", organiser.bearer()).sendJsonObject(body))
            .bodyAsJsonObject().getString("id");
    }

    private static void add(String network, TestUser person) {
        await(client.post("/api/networks/" + network + "/members").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("email", person.email()).put("role", "member")));
    }

    private static HttpResponse<Buffer> invite(JsonObject body) {
        return await(client.post("/api/meetings/" + meeting + "/invitees").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(body));
    }

    private static int see(TestUser user) {
        return await(client.get("/api/meetings/" + meeting).putHeader("Authorization", user.bearer()).send()).statusCode();
    }

    private static int reply(TestUser user, String start) {
        return await(client.put("/api/meetings/" + meeting + "/occurrences/" + start + "/rsvp").putHeader("Authorization", user.bearer())
            .sendJsonObject(new JsonObject().put("response", "yes"))).statusCode();
    }

    @Test
    void membersOfAnInvitedNetworkAndTheNetworksInsideItMayTakePart() {
        assertEquals(200, see(regionalMember));
        assertEquals(200, see(placeMember), "a network inside the invited one");
        assertEquals(200, reply(placeMember, JANUARY));
        assertEquals(404, see(otherPlaceMember), "not invited and the host network is private");
        assertEquals(404, see(stranger));
    }

    @Test
    void aNamedInviteeTakesPartInEveryDateAndAThemedParticipantInTheirDateOnly() {
        assertEquals(200, reply(namedGuest, JANUARY));
        assertEquals(200, reply(namedGuest, JULY));
        assertEquals(200, see(themedSpeaker));
        assertEquals(200, reply(themedSpeaker, JULY));
        assertEquals(403, reply(themedSpeaker, JANUARY));
    }

    @Test
    void theMeetingPageOffersAThemedParticipantTheirOwnDateOnly() {
        String html = await(client.get("/meetings/" + meeting).putHeader("Cookie", themedSpeaker.cookieHeader())
            .putHeader("Accept", "text/html").send()).bodyAsString();
        assertTrue(html.contains("to which you are invited"), "a private host network is not linked");
        // the date's reply form and its "send someone in your place" form, both for the one date
        java.util.Set<String> dates = new java.util.HashSet<>();
        java.util.regex.Matcher replyForms = java.util.regex.Pattern.compile(
            "action=\"/meetings/" + meeting + "/rsvp\"[^>]*>.*?name=\"start\" value=\"([^\"]+)\"", java.util.regex.Pattern.DOTALL)
            .matcher(html);
        while (replyForms.find()) {
            dates.add(replyForms.group(1));
        }
        assertEquals(1, dates.size(), "reply forms for one date only: " + dates);
    }

    @Test
    void invitedMeetingsAppearInThePersonalCalendar() {
        String url = await(client.post("/api/me/calendar-feed").putHeader("Authorization", placeMember.bearer()).send())
            .bodyAsJsonObject().getString("url");
        assertTrue(await(client.get(URI.create(url).getPath()).send()).bodyAsString().contains(meeting));
        String strangerUrl = await(client.post("/api/me/calendar-feed").putHeader("Authorization", stranger.bearer()).send())
            .bodyAsJsonObject().getString("url");
        assertFalse(await(client.get(URI.create(strangerUrl).getPath()).send()).bodyAsString().contains(meeting));
    }

    @Test
    void onlyOrganisersManageInviteesAndInvitationsCanBeWithdrawn() {
        assertEquals(403, await(client.post("/api/meetings/" + meeting + "/invitees").putHeader("Authorization", namedGuest.bearer())
            .sendJsonObject(new JsonObject().put("email", stranger.email()))).statusCode());
        assertEquals(400, invite(new JsonObject()).statusCode());
        assertEquals("email", invite(new JsonObject().put("email", "nobody@nowhere.nhs.uk")).bodyAsJsonObject()
            .getJsonObject("error").getString("field"));

        var list = await(client.get("/api/meetings/" + meeting + "/invitees").putHeader("Authorization", organiser.bearer()).send())
            .bodyAsJsonObject().getJsonArray("invitees");
        String extra = invite(new JsonObject().put("email", stranger.email())).bodyAsJsonObject().getJsonArray("invitees")
            .stream().map(JsonObject.class::cast).filter(i -> stranger.email().equals(i.getString("email")))
            .findFirst().orElseThrow().getString("id");
        assertEquals(3, list.size());
        assertEquals(200, see(stranger));
        assertEquals(204, await(client.delete("/api/meetings/" + meeting + "/invitees/" + extra)
            .putHeader("Authorization", organiser.bearer()).send()).statusCode());
        assertEquals(404, see(stranger));
    }
}
