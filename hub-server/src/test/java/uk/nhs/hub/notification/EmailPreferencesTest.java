package uk.nhs.hub.notification;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** {@code /api/me/email-preferences} and the "Email from the hub" page, for every role and bad input. */
class EmailPreferencesTest {

    private static WebClient client;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
    }

    private static HttpResponse<Buffer> get(TestUser as) {
        var request = client.get("/api/me/email-preferences");
        if (as != null) {
            request.putHeader("Authorization", as.bearer());
        }
        return await(request.send());
    }

    private static HttpResponse<Buffer> put(TestUser as, JsonObject body) {
        var request = client.put("/api/me/email-preferences");
        if (as != null) {
            request.putHeader("Authorization", as.bearer());
        }
        return await(request.sendJsonObject(body));
    }

    private static JsonObject valid() {
        return new JsonObject().put("mentions", "daily").put("replies", "weekly").put("watching", "off")
            .put("broadcasts", "immediately").put("meetings", "daily").put("digestHour", 17)
            .put("timeZone", "America/New_York");
    }

    @Test
    void withNothingSavedThePersonSeesTheDefaults() {
        TestUser fresh = TestUsers.create(client, "Dee Fault");

        HttpResponse<Buffer> response = get(fresh);

        assertEquals(200, response.statusCode());
        assertEquals(new JsonObject().put("mentions", "immediately").put("replies", "daily").put("watching", "daily")
            .put("broadcasts", "immediately").put("meetings", "daily").put("digestHour", 8)
            .put("timeZone", "Europe/London"), response.bodyAsJsonObject());
    }

    @Test
    void everyRoleReadsAndChangesOnlyTheirOwnPreferences() {
        TestUser organiser = TestUsers.create(client, "Olu Organiser");
        TestUser member = TestUsers.create(client, "Mo Member");
        TestUser guest = TestUsers.create(client, "Gia Guest");
        TestUser outsider = TestUsers.create(client, "Otto Outsider");
        UUID network = EmailTestSupport.network(client, organiser, "Preferences network");
        EmailTestSupport.addMember(client, organiser, network, member, "member");
        EmailTestSupport.addMember(client, organiser, network, guest, "guest");
        Map<String, TestUser> roles = new LinkedHashMap<>();
        roles.put("organiser", organiser);
        roles.put("member", member);
        roles.put("guest", guest);
        roles.put("outsider", outsider);
        int hour = 0;
        for (Map.Entry<String, TestUser> role : roles.entrySet()) {
            JsonObject mine = valid().put("digestHour", hour++);
            HttpResponse<Buffer> saved = put(role.getValue(), mine);
            assertEquals(200, saved.statusCode(), role.getKey() + ": " + saved.bodyAsString());
            assertEquals(mine, saved.bodyAsJsonObject(), role.getKey());
        }
        hour = 0;
        for (Map.Entry<String, TestUser> role : roles.entrySet()) {
            assertEquals(hour++, get(role.getValue()).bodyAsJsonObject().getInteger("digestHour"),
                role.getKey() + " sees their own choices, not someone else's");
        }
    }

    @Test
    void signedOutReadingOrChangingPreferencesIs401() {
        assertEquals(401, get(null).statusCode());
        HttpResponse<Buffer> refused = put(null, valid());
        assertEquals(401, refused.statusCode());
        assertTrue(refused.bodyAsJsonObject().getJsonObject("error").containsKey("code"));
    }

    @Test
    void eachBadValueIs400NamingItsFieldAndSavesNothing() {
        TestUser careful = TestUsers.create(client, "Cara Careful");
        Map<String, JsonObject> bad = new LinkedHashMap<>();
        bad.put("mentions", valid().put("mentions", "hourly"));
        bad.put("replies", valid().put("replies", 3));
        bad.put("watching", valid().putNull("watching"));
        bad.put("meetings", valid().put("meetings", "OFF"));
        bad.put("digestHour", valid().put("digestHour", 24));
        bad.put("digestHour ", valid().put("digestHour", -1));
        bad.put("digestHour  ", valid().put("digestHour", "8"));
        bad.put("digestHour   ", valid().put("digestHour", 8.5));
        bad.put("timeZone", valid().put("timeZone", "Mars/Olympus_Mons"));
        bad.put("timeZone ", valid().put("timeZone", "+01:00"));
        bad.put("timeZone  ", valid().put("timeZone", "GMT"));
        JsonObject missing = valid();
        missing.remove("broadcasts");
        bad.put("broadcasts", missing);
        for (Map.Entry<String, JsonObject> c : bad.entrySet()) {
            HttpResponse<Buffer> refused = put(careful, c.getValue());
            assertEquals(400, refused.statusCode(), c.getKey() + ": " + refused.bodyAsString());
            assertEquals(c.getKey().strip(), refused.bodyAsJsonObject().getJsonObject("error").getString("field"),
                refused.bodyAsString());
        }
        assertEquals("immediately", get(careful).bodyAsJsonObject().getString("mentions"), "nothing was saved");
    }

    private static Map<String, String> form(String mentions, String hour, String zone) {
        Map<String, String> form = new HashMap<>();
        form.put("mentions", mentions);
        form.put("replies", "daily");
        form.put("watching", "weekly");
        form.put("broadcasts", "immediately");
        form.put("meetings", "off");
        form.put("digestHour", hour);
        form.put("timeZone", zone);
        return form;
    }

    @Test
    void thePageWorksWithoutJavaScriptAndKeepsTypedValuesOnAnError() {
        TestUser reader = TestUsers.create(client, "Ren Reader");

        Document page = Jsoup.parse(PageRequests.get(client, reader, "/account/email").bodyAsString());
        assertEquals("Email from the hub", page.selectFirst("h1").text());
        assertEquals("immediately", page.selectFirst("input[name=mentions][checked]").val());
        assertEquals("8", page.selectFirst("select[name=digestHour] option[selected]").val());
        assertEquals("8am", page.selectFirst("select[name=digestHour] option[selected]").text());
        assertEquals("Europe/London", page.selectFirst("select[name=timeZone] option[selected]").val());
        assertTrue(page.text().contains("Invitations, password resets and sign-in security emails are always sent"));

        HttpResponse<Buffer> refused = PageRequests.post(client, reader, "/account/email", form("sometimes", "9", "Nowhere/Land"));
        assertEquals(400, refused.statusCode());
        Document errors = Jsoup.parse(refused.bodyAsString());
        assertTrue(errors.title().startsWith("Error: Email from the hub"), errors.title());
        assertEquals("#mentions", errors.selectFirst(".nhsuk-error-summary a").attr("href"));
        assertEquals(2, errors.select(".nhsuk-error-summary li").size());
        assertEquals("weekly", errors.selectFirst("input[name=watching][checked]").val(), "typed values are kept");
        assertEquals("9", errors.selectFirst("select[name=digestHour] option[selected]").val());
        assertEquals(1, errors.select("#mentions").size(), "the summary link has a target");

        HttpResponse<Buffer> saved = PageRequests.post(client, reader, "/account/email", form("off", "18", "Asia/Kolkata"));
        assertEquals(303, saved.statusCode());
        assertEquals("/account/email?saved=1", saved.getHeader("Location"));
        JsonObject choices = get(reader).bodyAsJsonObject();
        assertEquals("off", choices.getString("mentions"));
        assertEquals(18, choices.getInteger("digestHour"));
        assertEquals("Asia/Kolkata", choices.getString("timeZone"));
        Document after = Jsoup.parse(PageRequests.get(client, reader, "/account/email?saved=1").bodyAsString());
        assertEquals(1, after.select(".nhsuk-notification-banner--success").size());
    }

    @Test
    void signedOutThePageSendsThePersonToSignIn() {
        HttpResponse<Buffer> response = PageRequests.get(client, null, "/account/email");
        assertEquals(303, response.statusCode());
        assertTrue(response.getHeader("Location").startsWith("/sign-in"), response.getHeader("Location"));
    }
}
