package uk.nhs.hub.notification;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Row;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.notification.Notifications.Kind;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Notice emails as sent: multipart, worded by the templates, with a preferences link and an RFC 8058 one-click
 * unsubscribe that works from a mail app without cookies, while a GET of the link changes nothing.
 */
class UnsubscribeTest {

    private static final Pattern LINK = Pattern.compile("^<(.+)/unsubscribe/([A-Za-z0-9_-]+)>$");
    private static WebClient client;

    @BeforeAll
    static void start() {
        client = TestHub.get().client();
    }

    private static String tokenOf(Row email) {
        Matcher link = LINK.matcher(email.getJsonObject("headers").getString("List-Unsubscribe"));
        assertTrue(link.matches(), email.getJsonObject("headers").encode());
        return link.group(2);
    }

    private static JsonObject preferences(TestUser who) {
        return await(client.get("/api/me/email-preferences").putHeader("Authorization", who.bearer()).send())
            .bodyAsJsonObject();
    }

    @Test
    void aNoticeEmailIsMultipartWithPreferencesAndOneClickUnsubscribeLinks() {
        TestUser mentioned = TestUsers.create(client, "Mina Mentioned");

        EmailTestSupport.notify(mentioned, Kind.MENTION, null, "Sam mentioned you in Sepsis audit");

        Row email = EmailTestSupport.outbox(mentioned.email()).get(0);
        assertEquals("Sam mentioned you in Sepsis audit", email.getString("subject"));
        String base = TestHub.get().config().http().baseUrl();
        String token = tokenOf(email);
        assertEquals(base + "/unsubscribe/" + token, LINK.matcher(email.getJsonObject("headers")
            .getString("List-Unsubscribe")).replaceAll("$1/unsubscribe/$2"));
        assertEquals("List-Unsubscribe=One-Click", email.getJsonObject("headers").getString("List-Unsubscribe-Post"));
        String text = email.getString("body");
        assertTrue(text.contains("Body of Sam mentioned you") && text.contains(base + "/networks/x"), text);
        assertTrue(text.contains(base + "/account/email") && text.contains(base + "/unsubscribe/" + token), text);
        Document html = Jsoup.parse(email.getString("html_body"));
        assertEquals("Sam mentioned you in Sepsis audit", html.selectFirst("h1").text());
        assertEquals(base + "/networks/x", html.selectFirst("a:contains(Open it in the network hub)").attr("href"));
        assertEquals(base + "/account/email", html.selectFirst("a:contains(Choose which emails)").attr("href"));
        assertEquals(base + "/unsubscribe/" + token, html.selectFirst("a:contains(Unsubscribe)").attr("href"));
    }

    @Test
    void emailsThatAlwaysGoHaveNoUnsubscribeButStillLinkToPreferences() {
        TestUser invited = TestUsers.create(client, "Ivo Invited");

        EmailTestSupport.notify(invited, Kind.INVITATION, null, "You are invited to join the stroke network");

        Row email = EmailTestSupport.outbox(invited.email()).get(0);
        assertNull(email.getValue("headers"));
        assertTrue(email.getString("body").contains("/account/email"));
        assertTrue(!email.getString("body").contains("/unsubscribe/"));
    }

    @Test
    void aOneClickPostWithoutCookiesTurnsJustThatCategoryOff() {
        TestUser mentioned = TestUsers.create(client, "Una Unsubscriber");
        EmailTestSupport.notify(mentioned, Kind.MENTION, null, "First mention");
        String token = tokenOf(EmailTestSupport.outbox(mentioned.email()).get(0));

        // what a mail app sends for RFC 8058: no cookie, no CSRF token, just this body
        HttpResponse<Buffer> done = await(client.post("/unsubscribe/" + token)
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .sendBuffer(Buffer.buffer("List-Unsubscribe=One-Click")));

        assertEquals(200, done.statusCode(), done.bodyAsString());
        assertTrue(Jsoup.parse(done.bodyAsString()).selectFirst("h1").text().contains("mentions of you"));
        JsonObject after = preferences(mentioned);
        assertEquals("off", after.getString("mentions"));
        assertEquals("immediately", after.getString("broadcasts"), "other categories are unchanged");
        assertEquals("daily", after.getString("replies"));
        long next = EmailTestSupport.notify(mentioned, Kind.MENTION, null, "Second mention").get(0).id();
        assertEquals("none", EmailTestSupport.emailState(next));
        assertEquals(1, EmailTestSupport.outbox(mentioned.email()).size(), "no email for the second mention");
    }

    @Test
    void openingTheLinkOnlyAsksAndChangesNothing() {
        TestUser careful = TestUsers.create(client, "Gil GetOnly");
        EmailTestSupport.notify(careful, Kind.BROADCAST, null, "A broadcast");
        String token = tokenOf(EmailTestSupport.outbox(careful.email()).get(0));

        HttpResponse<Buffer> page = await(client.get("/unsubscribe/" + token).putHeader("Accept", "text/html").send());

        assertEquals(200, page.statusCode());
        Document document = Jsoup.parse(page.bodyAsString());
        assertEquals("Stop emails about broadcasts to your networks", document.selectFirst("h1").text());
        assertEquals("/unsubscribe/" + token, document.selectFirst("form").attr("action"));
        assertEquals("post", document.selectFirst("form").attr("method"));
        assertEquals("immediately", preferences(careful).getString("broadcasts"));
    }

    @Test
    void anUnknownTokenIsA404PageEitherWay() {
        HttpResponse<Buffer> get = await(client.get("/unsubscribe/not-a-real-token").putHeader("Accept", "text/html").send());
        HttpResponse<Buffer> post = await(client.post("/unsubscribe/not-a-real-token")
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .sendBuffer(Buffer.buffer("List-Unsubscribe=One-Click")));

        assertEquals(404, get.statusCode());
        assertEquals(404, post.statusCode());
        assertEquals("This link cannot be used", Jsoup.parse(post.bodyAsString()).selectFirst("h1").text());
    }

    @Test
    void aDigestsUnsubscribeTurnsOffEveryCategoryInTheDigestButNotThoseSentAtOnce() {
        TestUser person = TestUsers.create(client, "Dot Digest");
        EmailTestSupport.preferences(person, "weekly", "immediately", 8, "Europe/London");
        String token = await(TestHub.get().pool().withTransaction(tx -> Unsubscribes.issue(tx,
            java.util.List.of(new Unsubscribes.Target(person.id(), Unsubscribes.DIGEST))))).get(0);

        assertEquals(200, await(client.post("/unsubscribe/" + token)
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .sendBuffer(Buffer.buffer("List-Unsubscribe=One-Click"))).statusCode());

        JsonObject after = preferences(person);
        assertEquals("off", after.getString("replies"));
        assertEquals("off", after.getString("watching"));
        assertEquals("off", after.getString("meetings"));
        assertEquals("immediately", after.getString("mentions"));
        assertNotNull(after.getString("timeZone"));
    }
}
