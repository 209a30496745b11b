package uk.nhs.hub.network;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** Invitation pages as a browser without JavaScript uses them: links followed and forms posted. */
class InvitationPagesTest {

    private static WebClient client;
    private static TestUser ann;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
        ann = TestUsers.create(client, "Ann Pages");
    }

    private static String invite(String networkName, String email) {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, ann, networkName, "private"));
        await(client.post("/api/networks/" + network + "/invitations").putHeader("Authorization", ann.bearer())
            .sendJsonObject(new JsonObject().put("email", email).put("role", "member")));
        return NetworkApiTest.tokenFromOutbox(email);
    }

    /** The register link on the invitation page, as a signed-out visitor sees it. */
    private static String registerLink(String token) {
        String page = PageRequests.get(client, null, "/invitations/" + token).bodyAsString();
        Matcher link = Pattern.compile("href=\"(/register\\?[^\"]+)\"").matcher(page);
        assertTrue(link.find(), page);
        return link.group(1).replace("&amp;", "&");
    }

    private static HttpResponse<Buffer> register(String registerPath, String email) {
        HttpResponse<Buffer> form = PageRequests.get(client, null, registerPath);
        String csrf = form.cookies().stream().filter(c -> c.startsWith("hub_csrf=")).findFirst().orElseThrow()
            .split(";")[0].substring("hub_csrf=".length());
        Matcher invitation = Pattern.compile("name=\"invitation\" value=\"([^\"]*)\"").matcher(form.bodyAsString());
        MultiMap fields = MultiMap.caseInsensitiveMultiMap()
            .add("csrf", csrf).add("returnTo", "/").add("displayName", "Nia Newcomer").add("email", email)
            .add("password", "amber kettle orbit 92");
        if (invitation.find()) {
            fields.add("invitation", invitation.group(1));
        }
        return await(client.post("/register").followRedirects(false).putHeader("Accept", "text/html")
            .putHeader("Cookie", "hub_csrf=" + csrf).sendForm(fields));
    }

    private static boolean accountExists(String email) {
        return await(TestHub.get().pool().preparedQuery("SELECT 1 FROM users WHERE email = $1").execute(Tuple.of(email)))
            .size() == 1;
    }

    @Test
    void registeringFromAnInvitationShowsTheInvitedAddressReadOnly() {
        String email = TestUsers.uniqueEmail("nia.prefilled");
        String token = invite("Prefilled network", email);

        String page = PageRequests.get(client, null, registerLink(token)).bodyAsString();

        Matcher input = Pattern.compile("<input[^>]*id=\"email\"[^>]*>").matcher(page);
        assertTrue(input.find(), page);
        assertTrue(input.group().contains("value=\"" + email + "\""), input.group());
        assertTrue(input.group().contains("readonly"), input.group());
    }

    @Test
    void registeringFromAnInvitationUnderAnotherAddressIsRefusedOnTheEmailField() {
        String email = TestUsers.uniqueEmail("nia.invited");
        String other = TestUsers.uniqueEmail("nia.other");
        String token = invite("Kept address network", email);

        HttpResponse<Buffer> refused = register(registerLink(token), other);

        assertEquals(400, refused.statusCode(), refused.bodyAsString());
        assertTrue(refused.bodyAsString().contains("Use " + email + ", the address this invitation was sent to"));
        assertTrue(refused.bodyAsString().contains("href=\"#email\""), "the error summary links to the field");
        assertFalse(accountExists(other));
    }

    @Test
    void registeringFromAnInvitationWithTheInvitedAddressCreatesTheAccount() {
        String email = TestUsers.uniqueEmail("nia.joins");
        String token = invite("Registered network", email);

        HttpResponse<Buffer> registered = register(registerLink(token), email);

        assertEquals(303, registered.statusCode(), registered.bodyAsString());
        assertTrue(accountExists(email));
    }

    @Test
    void invitingAnAddressAgainFromTheInvitationsPageSaysTheInvitationWasUpdated() {
        JsonObject network = NetworkFixtures.create(client, ann, "Page reinvites", "private");
        String path = "/networks/" + network.getString("slug") + "/invitations";
        String email = TestUsers.uniqueEmail("page.reinvited");
        Map<String, String> form = Map.of("email", email, "role", "member", "roleTitle", "");

        HttpResponse<Buffer> first = PageRequests.post(client, ann, path, form);
        HttpResponse<Buffer> again = PageRequests.post(client, ann, path, Map.of("email", email, "role", "organiser",
            "roleTitle", "Lead nurse"));

        assertEquals(path + "?done=invited", first.getHeader("Location"));
        assertEquals(path + "?done=reinvited", again.getHeader("Location"));
        String page = PageRequests.get(client, ann, again.getHeader("Location")).bodyAsString();
        assertTrue(page.contains("Invitation updated"), page);
        assertEquals(1, page.split(Pattern.quote("<td class=\"nhsuk-table__cell\">" + email + "</td>"), -1).length - 1, "listed once");
    }
}
