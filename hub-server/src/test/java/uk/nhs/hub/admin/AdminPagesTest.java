package uk.nhs.hub.admin;

import io.vertx.core.buffer.Buffer;
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

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The {@code /admin} pages without JavaScript: only administrators see them (others get the not-found page, people
 * signed out are sent to sign in), and suspending from an account's page ends the person's sign-ins and shows them
 * why when they next try; a form with a mistake comes back with the NHS.UK error summary and what was typed.
 */
class AdminPagesTest {

    private static WebClient client;
    private static TestUser admin;
    private static TestUser someone;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        admin = TestUsers.create(client, "Page Administrator");
        AdministrationApiTest.makeAdministrator(admin.id());
        someone = TestUsers.create(client, "Pip Person");
    }

    @Test
    void onlyAdministratorsSeeTheAdministrationPages() {
        for (String path : List.of("/admin", "/admin/accounts", "/admin/accounts/" + someone.id(), "/admin/network-requests",
                "/admin/audit", "/admin/networks", "/admin/legal-holds")) {
            assertEquals(200, PageRequests.get(client, admin, path).statusCode(), path);
            assertEquals(404, PageRequests.get(client, someone, path).statusCode(), path);
            HttpResponse<Buffer> signedOut = PageRequests.get(client, null, path);
            assertEquals(303, signedOut.statusCode(), path);
            assertTrue(signedOut.getHeader("Location").startsWith("/sign-in?returnTo="), path);
        }
        assertEquals(404, PageRequests.post(client, someone, "/admin/accounts/" + admin.id() + "/suspend",
            Map.of("reason", "Taking over")).statusCode());
    }

    @Test
    void anAdministratorFindsEveryNetworkUnderALegalHoldAndDownloadsItsRecordsFromThePages() {
        TestUser organiser = TestUsers.create(client, "Hold Organiser");
        String networkId = await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new io.vertx.core.json.JsonObject().put("name", "Inquiry Trust network")
                .put("slug", "inquiry-trust").put("visibility", "private"))).bodyAsJsonObject().getString("id");
        await(client.post("/api/networks").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new io.vertx.core.json.JsonObject().put("name", "Not held network")
                .put("slug", "not-held").put("visibility", "private")));
        HttpResponse<Buffer> held = await(client.put("/api/networks/" + networkId + "/retention")
            .putHeader("Authorization", admin.bearer()).sendJsonObject(new io.vertx.core.json.JsonObject()
                .put("discussionsMonths", null).put("meetingsMonths", null).put("responsesMonths", null)
                .put("legalHold", true).put("legalHoldReason", "Public inquiry into winter 2026")));
        assertEquals(200, held.statusCode(), held.bodyAsString());

        Document home = Jsoup.parse(PageRequests.get(client, admin, "/admin").bodyAsString());
        assertEquals(List.of("Networks"), home.select("main a[href=/admin/networks]").eachText());
        Document holds = Jsoup.parse(PageRequests.get(client, admin,
            home.select("main a:contains(legal hold)").attr("href")).bodyAsString());
        assertEquals(List.of("Inquiry Trust network"), holds.select("h2 a").eachText());
        assertEquals("/networks/inquiry-trust/retention", holds.select("h2 a").attr("href"));
        assertEquals(200, PageRequests.get(client, admin, "/networks/inquiry-trust/retention").statusCode());
        assertEquals(404, PageRequests.get(client, admin, "/networks/inquiry-trust").statusCode(),
            "an administrator in no role there sees a private network no more than any outsider does");
        String card = holds.select(".nhsuk-card").text();
        assertTrue(card.contains("Page Administrator") && card.contains("Public inquiry into winter 2026"), card);
        String records = holds.select("a[download]").attr("href");
        assertEquals("/api/networks/" + networkId + "/export.zip", records);
        HttpResponse<Buffer> zip = PageRequests.get(client, admin, records);
        assertEquals(200, zip.statusCode());
        assertEquals("application/zip", zip.getHeader("Content-Type"));

        Document found = Jsoup.parse(PageRequests.get(client, admin, "/admin/networks?q=inquiry").bodyAsString());
        assertEquals(List.of("Inquiry Trust network"), found.select("ul.nhsuk-list a:not([download])").eachText());
        assertEquals(List.of(records), found.select("a[download]").eachAttr("href"));
        assertEquals(List.of("Legal hold"), found.select(".nhsuk-tag").eachText());
    }

    @Test
    void aLongNetworkSearchIsShownAgainstItsBoxWithWhatWasTyped() {
        String typed = "x".repeat(201);
        HttpResponse<Buffer> page = PageRequests.get(client, admin, "/admin/networks?q=" + typed);
        assertEquals(400, page.statusCode());
        Document shown = Jsoup.parse(page.bodyAsString());
        assertEquals(typed, shown.select("input#q").val());
        assertEquals("#q", shown.select(".nhsuk-error-summary a").attr("href"));
    }

    @Test
    void anAdministratorSearchesForAnAccountAndSuspendsItWithAReasonThePersonIsShown() {
        TestUser person = TestUsers.create(client, "Quinn Questionable");
        Document found = Jsoup.parse(PageRequests.get(client, admin, "/admin/accounts?q=questionable").bodyAsString());
        assertEquals(List.of("Quinn Questionable"), found.select("tbody a").eachText());

        HttpResponse<Buffer> empty = PageRequests.post(client, admin, "/admin/accounts/" + person.id() + "/suspend",
            Map.of("reason", "   "));
        assertEquals(400, empty.statusCode());
        Document refused = Jsoup.parse(empty.bodyAsString());
        assertEquals("Enter why the account is suspended", refused.select(".nhsuk-error-summary a[href=#reason]").text());
        assertTrue(refused.title().startsWith("Error: "));
        HttpResponse<Buffer> tooLong = PageRequests.post(client, admin, "/admin/accounts/" + person.id() + "/suspend",
            Map.of("reason", "Spam ".repeat(120)));
        assertEquals("Spam ".repeat(120).strip(), Jsoup.parse(tooLong.bodyAsString()).select("textarea#reason").text(),
            "what was typed is kept");

        HttpResponse<Buffer> suspended = PageRequests.post(client, admin, "/admin/accounts/" + person.id() + "/suspend",
            Map.of("reason", "Repeated advertising"));
        assertEquals(303, suspended.statusCode(), suspended.bodyAsString());
        assertEquals(303, PageRequests.get(client, person, "/account").statusCode(), "signed out at once");
        HttpResponse<Buffer> signIn = signInPage(person.email());
        assertEquals(403, signIn.statusCode());
        String summary = Jsoup.parse(signIn.bodyAsString()).select(".nhsuk-error-summary").text();
        assertTrue(summary.contains("The reason they gave: Repeated advertising"), summary);

        Document page = Jsoup.parse(PageRequests.get(client, admin, "/admin/accounts/" + person.id() + "?done=suspended")
            .bodyAsString());
        assertTrue(page.text().contains("Suspended on "), page.text());
        assertEquals(303, PageRequests.post(client, admin, "/admin/accounts/" + person.id() + "/reactivate", Map.of())
            .statusCode());
        assertEquals(303, signInPage(person.email()).statusCode(), "signed in again");
    }

    /** Signs in through the page, as a browser does: the form first, for its CSRF cookie. */
    private static HttpResponse<Buffer> signInPage(String email) {
        String csrf = TestUsers.cookie(await(client.get("/sign-in").putHeader("Accept", "text/html").send()), "hub_csrf");
        io.vertx.core.MultiMap form = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
            .add("email", email).add("password", TestUsers.PASSWORD).add("csrf", csrf);
        return await(client.post("/sign-in").followRedirects(false).putHeader("Accept", "text/html")
            .putHeader("Cookie", "hub_csrf=" + csrf).sendForm(form));
    }

    @Test
    void theLastAdministratorIsToldTheyCannotStopBeingOne() {
        HttpResponse<Buffer> refused = PageRequests.post(client, admin, "/admin/accounts/" + admin.id() + "/administrator",
            Map.of("change", "remove"));
        assertEquals(409, refused.statusCode());
        assertTrue(Jsoup.parse(refused.bodyAsString()).select(".nhsuk-error-summary").text()
            .contains("at least one administrator"));
    }

    @Test
    void theAuditLogPageFiltersByDateTypedAsDayMonthAndYear() {
        Document page = Jsoup.parse(PageRequests.get(client, admin,
            "/admin/audit?action=sign-in&from-day=1&from-month=1&from-year=2020").bodyAsString());
        assertTrue(page.select("tbody tr").size() > 0);
        assertTrue(page.select("a[href^=/api/admin/audit.csv]").attr("href").contains("from=2020-01-01"));
        HttpResponse<Buffer> bad = PageRequests.get(client, admin, "/admin/audit?from-day=31&from-month=2&from-year=2027");
        assertEquals(400, bad.statusCode());
        Document refused = Jsoup.parse(bad.bodyAsString());
        assertEquals("31", refused.select("input#from-day").attr("value"), "what was typed is kept");
        assertTrue(refused.select(".nhsuk-error-summary a[href=#from]").size() == 1);
    }

    @Test
    void peopleAreToldTheyCanCreateANetworkThemselvesWhenNobodyNeedsToAsk() {
        Document page = Jsoup.parse(PageRequests.get(client, someone, "/network-requests").bodyAsString());
        assertEquals(1, page.select("a[href=/networks/new]").size());
        assertEquals(200, PageRequests.get(client, someone, "/networks/new").statusCode());
        assertEquals(404, PageRequests.post(client, someone, "/network-requests",
            Map.of("name", "Asked", "purpose", "Not needed")).statusCode());
    }
}
