package uk.nhs.hub.meeting;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** The "Invite a network" form on a meeting's invitees page, used without JavaScript. */
class InviteesPagesTest {

    private static final Pattern CHOICE = Pattern.compile(
        "<input class=\"nhsuk-radios__input\"[^>]*name=\"networkId\"[^>]*value=\"([^\"]+)\"[^>]*>\\s*"
            + "<label class=\"nhsuk-label nhsuk-radios__label\"[^>]*>([^<]+)");

    private static WebClient client;
    private static TestUser organiser;
    private static String meeting;
    private static String farAway;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        organiser = TestUsers.create(client, "Nearness Organiser");
        String region = network("Nearness region", null);
        String host = network("Nearness host", region);
        network("Nearness sibling", region);
        network("Nearness child", host);
        for (int i = 1; i <= 20; i++) {
            network(String.format("Aardvark unrelated %02d", i), null);
        }
        farAway = network("Zennor faraway", null);
        meeting = await(client.post("/api/networks/" + host + "/meetings").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Nearness meeting").put("start", "2027-01-12T10:00")
                .put("durationMinutes", 60))).bodyAsJsonObject().getString("id");
    }

    private static String network(String name, String parent) {
        JsonObject body = new JsonObject().put("name", name).put("visibility", "private");
        if (parent != null) {
            body.put("parentId", parent);
        }
        return await(client.post("/api/networks").putHeader("Authorization", organiser.bearer()).sendJsonObject(body))
            .bodyAsJsonObject().getString("id");
    }

    private static List<String> choices(String page) {
        List<String> names = new ArrayList<>();
        Matcher matcher = CHOICE.matcher(page);
        while (matcher.find()) {
            names.add(matcher.group(2).strip());
        }
        return names;
    }

    @Test
    void theInviteFormListsTheParentSiblingsAndChildrenFirstAndNotEveryNetwork() {
        HttpResponse<Buffer> page = PageRequests.get(client, organiser, "/meetings/" + meeting + "/invitees");

        assertEquals(200, page.statusCode());
        List<String> names = choices(page.bodyAsString());
        assertEquals(List.of("Nearness region", "Nearness sibling", "Nearness child"), names.subList(0, 3), names.toString());
        assertEquals(15, names.size(), "a page of choices, not every network: " + names);
        assertEquals(names.subList(3, names.size()).stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(),
            names.subList(3, names.size()), "the rest by name");
        assertTrue(page.bodyAsString().contains("Search to find others"));
    }

    @Test
    void searchingFindsAFarNetworkWhichCanThenBeInvited() {
        HttpResponse<Buffer> found = PageRequests.get(client, organiser, "/meetings/" + meeting + "/invitees?q=zennor");

        assertEquals(List.of("Zennor faraway"), choices(found.bodyAsString()));
        HttpResponse<Buffer> invited = PageRequests.post(client, organiser, "/meetings/" + meeting + "/invitees",
            Map.of("kind", "network", "networkId", farAway, "q", "zennor"));
        assertEquals(303, invited.statusCode(), invited.bodyAsString());
        String after = PageRequests.get(client, organiser, "/meetings/" + meeting + "/invitees").bodyAsString();
        assertTrue(after.contains("Zennor faraway (network)"), after);
    }

    @Test
    void invitingWithoutChoosingKeepsTheSearchAndSaysWhatIsMissing() {
        HttpResponse<Buffer> refused = PageRequests.post(client, organiser, "/meetings/" + meeting + "/invitees",
            Map.of("kind", "network", "q", "nearness"));

        assertEquals(400, refused.statusCode());
        assertTrue(refused.bodyAsString().contains("Choose the network to invite"));
        assertTrue(refused.bodyAsString().contains("href=\"#networkId\""));
        assertEquals(List.of("Nearness region", "Nearness sibling", "Nearness child"), choices(refused.bodyAsString()));
    }

    @Test
    void aSearchThatMatchesNothingSaysSo() {
        String page = PageRequests.get(client, organiser, "/meetings/" + meeting + "/invitees?q=nowhere+at+all").bodyAsString();

        assertTrue(page.contains("No network you can see matches \"nowhere at all\""), page);
    }
}
