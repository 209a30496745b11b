package uk.nhs.hub;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestUsers.TestUser;
import uk.nhs.hub.demo.DemoActivity;
import uk.nhs.hub.demo.DemoData;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Every page of the hub, as the demo's organiser, central team member and a local lead nurse reach it by
 * following links from the home page, is checked for what a busy reader trips over: words that slip (doubled
 * words, "a organiser", the same label twice in one list), dates that are not in words (ISO dates, 24-hour
 * times, "Sept", "BT"), ids used twice, form fields without a label, and headings that skip a level.
 */
class EveryPageTest {

    /** How many pages of one shape (the same path with different ids) are checked, so the crawl stays quick. */
    private static final int PAGES_PER_SHAPE = 3;
    private static final String BLOCKS = "p, li, td, th, dd, dt, h1, h2, h3, h4, h5, h6, label, legend, caption, button, summary, option, div";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern HREF_SKIPPED = Pattern.compile("^/(api|assets|eventbus|sign-out)\\b.*|.*\\.(ics|csv|zip)(\\?.*)?$");

    /** Slips in visible text, each with what it says about the page. */
    private static final Map<Pattern, String> SLIPS = new LinkedHashMap<>();

    static {
        SLIPS.put(Pattern.compile("\\b(\\p{L}+) \\1\\b", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), "a doubled word");
        SLIPS.put(Pattern.compile("\\ba (organiser|email|invitation|action|agenda|online|open|answer|acknowledgement|item|hour|update|attachment|account|organisation|existing|other)\\b",
            Pattern.CASE_INSENSITIVE), "'a' before a vowel sound");
        SLIPS.put(Pattern.compile("\\ban (member|network|person|meeting|guest|central|delegate)\\b", Pattern.CASE_INSENSITIVE),
            "'an' before a consonant sound");
        SLIPS.put(Pattern.compile("\\bYou are (organiser|member|guest|central)\\b"), "a role without its article");
        SLIPS.put(Pattern.compile("\\bjoin as (organiser|member|guest|central)\\b"), "a role without its article");
        SLIPS.put(Pattern.compile("\\byou submits\\b", Pattern.CASE_INSENSITIVE), "'you' with 'submits'");
        SLIPS.put(Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}(?!\\d)"), "an ISO date");
        SLIPS.put(Pattern.compile("T\\d{2}:\\d{2}"), "an ISO time");
        SLIPS.put(Pattern.compile("\\b\\d{1,2}:\\d{2}\\b(?!\\s?(am|pm))"), "a 24-hour time");
        SLIPS.put(Pattern.compile("\\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\\b\\.?"), "an abbreviated month");
        SLIPS.put(Pattern.compile("\\b(Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\\b"), "an abbreviated day");
        SLIPS.put(Pattern.compile("\\bBT\\b"), "a zone called BT");
        SLIPS.put(Pattern.compile("(?<![:\\d])(12|0?0)(:00)? ?(am|pm)\\b", Pattern.CASE_INSENSITIVE), "12am or 12pm for midnight or midday");
        SLIPS.put(Pattern.compile("\\b(null|undefined|NaN)\\b"), "a missing value");
        SLIPS.put(Pattern.compile("\\s[,.]"), "a space before a comma or full stop");
    }

    private static final Set<String> VISITED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Pages reached only through a link sent by email, which the crawl cannot follow. */
    private static final Set<String> NOT_LINKED = Set.of("/invitations/:token",
        // the code step of signing in is shown in answer to a right password; its GET only sends people to sign in
        "/sign-in/two-step",
        // reached from the reset email's link
        "/reset-password",
        // one-click unsubscribe, reached only from the link in a notice email or digest
        "/unsubscribe/:token",
        // confirming a response to a consultation, reached from the link emailed to the address given
        "/consultations/confirm",
        // joining a project's team, reached from the link emailed to the address added (it only redirects)
        "/project-invitations/:token");

    private static WebClient client;

    @BeforeAll
    static void seedTheDemo() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        assertTrue(await(new DemoData(TestHub.get().vertx(), TestHub.get().pool()).seedOnce()));
        var hub = TestHub.get().hub();
        await(new DemoActivity(TestHub.get().pool(), hub.meetings().service(), hub.discussions().service(),
            hub.broadcasts().service(), Clock.systemUTC()).add());
        await(hub.projects().addDemo());
        editAPostWithHeadings();
        addAnAgendaItem();
        startAProject();
        putAPaperInTheLibrary();
    }

    /** The organiser starts a project with an update, a hearing and decisions, so the project pages are checked too. */
    private static void startAProject() {
        TestUser organiser = signIn("organiser");
        String national = await(client.get("/api/networks").putHeader("Authorization", organiser.bearer()).send())
            .bodyAsJsonObject().getJsonArray("networks").stream().map(JsonObject.class::cast)
            .filter(n -> "national-cancer-network".equals(n.getString("slug"))).findFirst().orElseThrow().getString("id");
        HttpResponse<Buffer> created = await(client.post("/api/networks/" + national + "/projects")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject()
                .put("title", "Faster diagnosis pathway").put("summary", "One pathway across the country")
                .put("aims", new io.vertx.core.json.JsonArray().add("Diagnosis within 28 days"))));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        String project = "/api/projects/" + created.bodyAsJsonObject().getString("id");
        for (var step : List.of(
                Map.entry("/updates", new JsonObject().put("period", "2027-03").put("body", "## Progress\n\nWe **met**.")
                    .put("achievements", new io.vertx.core.json.JsonArray().add("Case for change agreed"))),
                Map.entry("/hearings", new JsonObject().put("body", "Trust board").put("date", "2027-02-10").put("outcome", "approved")),
                Map.entry("/decisions", new JsonObject().put("decision", "Commissioning decision").put("expected", "May 2027")),
                Map.entry("/decisions", new JsonObject().put("decision", "Go to consultation").put("date", "2027-01-12")
                    .put("decidedBy", "Joint committee")))) {
            HttpResponse<Buffer> added = await(client.post(project + step.getKey()).putHeader("Authorization", organiser.bearer())
                .sendJsonObject(step.getValue()));
            assertEquals(201, added.statusCode(), added.bodyAsString());
        }
        // an open consultation anyone with its link may answer, so its pages (the public one too) are checked
        java.time.Instant now = java.time.Instant.now();
        HttpResponse<Buffer> consultation = await(client.post(project + "/consultations").putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("title", "Case for change").put("opensAt", now.minusSeconds(3600).toString())
                .put("closesAt", now.plusSeconds(30 * 86400).toString()).put("audience", "anyone-with-link")
                .put("questions", new io.vertx.core.json.JsonArray().add(new JsonObject().put("id", "support").put("type", "single")
                    .put("label", "Do you support the change?").put("options", new io.vertx.core.json.JsonArray().add("Yes").add("No"))))));
        assertEquals(201, consultation.statusCode(), consultation.bodyAsString());
    }

    /** The organiser files a paper with two versions in a folder, so the library and document pages are checked too. */
    private static void putAPaperInTheLibrary() {
        TestUser organiser = signIn("organiser");
        String national = await(client.get("/api/networks").putHeader("Authorization", organiser.bearer()).send())
            .bodyAsJsonObject().getJsonArray("networks").stream().map(JsonObject.class::cast)
            .filter(n -> "national-cancer-network".equals(n.getString("slug"))).findFirst().orElseThrow().getString("id");
        HttpResponse<Buffer> folder = await(client.post("/api/networks/" + national + "/folders")
            .putHeader("Authorization", organiser.bearer()).sendJsonObject(new JsonObject().put("name", "Board papers")));
        assertEquals(201, folder.statusCode(), folder.bodyAsString());
        HttpResponse<Buffer> paper = await(client.post("/api/networks/" + national + "/documents")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create().attribute("title", "Case for Change")
                .attribute("folderId", folder.bodyAsJsonObject().getString("id")).attribute("tags", "finance, board")
                .textFileUpload("file", "case-for-change.txt", Buffer.buffer("The case for change"), "text/plain")));
        assertEquals(201, paper.statusCode(), paper.bodyAsString());
        HttpResponse<Buffer> version = await(client.post("/api/documents/" + paper.bodyAsJsonObject().getString("id") + "/versions")
            .putHeader("Authorization", organiser.bearer())
            .sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create().attribute("changeNote", "Figures for 2027")
                .textFileUpload("file", "case-for-change.txt", Buffer.buffer("The case for change, revised"), "text/plain")));
        assertEquals(201, version.statusCode(), version.bodyAsString());
        // and makes it the agenda pack of the next national meeting, so the date's page lists a paper
        JsonObject meeting = await(client.get("/api/networks/" + national + "/meetings").putHeader("Authorization", organiser.bearer())
            .send()).bodyAsJsonObject().getJsonArray("meetings").getJsonObject(0);
        String start = meeting.getJsonArray("occurrences").getJsonObject(0).getString("originalStart");
        HttpResponse<Buffer> attached = await(client.post("/api/meetings/" + meeting.getString("id") + "/occurrences/"
                + java.net.URLEncoder.encode(start, java.nio.charset.StandardCharsets.UTF_8) + "/papers")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("documentId", paper.bodyAsJsonObject().getString("id")).put("kind", "agenda")));
        assertEquals(201, attached.statusCode(), attached.bodyAsString());
    }

    /** The organiser puts an item on the next national meeting's agenda, so its change page is checked too. */
    private static void addAnAgendaItem() {
        TestUser organiser = signIn("organiser");
        String national = await(client.get("/api/networks").putHeader("Authorization", organiser.bearer()).send())
            .bodyAsJsonObject().getJsonArray("networks").stream().map(JsonObject.class::cast)
            .filter(n -> "national-cancer-network".equals(n.getString("slug"))).findFirst().orElseThrow().getString("id");
        JsonObject meeting = await(client.get("/api/networks/" + national + "/meetings").putHeader("Authorization", organiser.bearer())
            .send()).bodyAsJsonObject().getJsonArray("meetings").getJsonObject(0);
        String start = meeting.getJsonArray("occurrences").getJsonObject(0).getString("originalStart");
        HttpResponse<Buffer> added = await(client.post("/api/meetings/" + meeting.getString("id") + "/occurrences/" + start + "/items")
            .putHeader("Authorization", organiser.bearer())
            .sendJsonObject(new JsonObject().put("kind", "agenda").put("text", "Welcome and apologies")));
        assertEquals(201, added.statusCode(), added.bodyAsString());
    }

    /** A lead nurse's reply is edited to hold Markdown headings, so its history page and headings are checked too. */
    private static void editAPostWithHeadings() {
        TestUser nurse = signIn("leeds.nurse");
        String national = await(client.get("/api/networks").putHeader("Authorization", nurse.bearer()).send())
            .bodyAsJsonObject().getJsonArray("networks").stream().map(JsonObject.class::cast)
            .filter(n -> "national-cancer-network".equals(n.getString("slug"))).findFirst().orElseThrow().getString("id");
        String thread = await(client.get("/api/networks/" + national + "/threads").putHeader("Authorization", nurse.bearer())
            .send()).bodyAsJsonObject().getJsonArray("threads").getJsonObject(0).getString("id");
        JsonObject post = await(client.get("/api/threads/" + thread + "/posts").putHeader("Authorization", nurse.bearer())
            .send()).bodyAsJsonObject().getJsonArray("posts").stream().map(JsonObject.class::cast)
            .filter(p -> nurse.id().toString().equals(p.getJsonObject("author").getString("id"))).findFirst().orElseThrow();
        HttpResponse<Buffer> edited = await(client.patch("/api/posts/" + post.getString("id"))
            .putHeader("Authorization", nurse.bearer())
            .sendJsonObject(new JsonObject().put("body", "# Agenda\n\n### Actions\n\n" + post.getString("body"))));
        assertEquals(200, edited.statusCode(), edited.bodyAsString());
    }

    @Test
    void theOrganisersPagesReadWellAndAreWellFormed() {
        assertNoProblems(crawl(signIn("organiser")));
    }

    @Test
    void theCentralTeamsPagesReadWellAndAreWellFormed() {
        assertNoProblems(crawl(signIn("central")));
    }

    @Test
    void aLeadNursesPagesReadWellAndAreWellFormed() {
        assertNoProblems(crawl(signIn("leeds.nurse")));
    }

    @Test
    void anAdministratorsPagesReadWellAndAreWellFormed() {
        TestUser organiser = signIn("organiser");
        await(TestHub.get().pool().preparedQuery("INSERT INTO platform_administrators (user_id) VALUES ($1)"
            + " ON CONFLICT DO NOTHING").execute(io.vertx.sqlclient.Tuple.of(organiser.id())));
        // a held network, so the legal holds page shows one
        await(TestHub.get().pool().preparedQuery("INSERT INTO network_retention (network_id, legal_hold, legal_hold_reason,"
            + " hold_set_by, hold_set_at) SELECT id, true, 'Public inquiry', $1, now() FROM networks"
            + " WHERE slug = 'national-cancer-network' ON CONFLICT (network_id) DO NOTHING")
            .execute(io.vertx.sqlclient.Tuple.of(organiser.id())));
        assertNoProblems(crawl(organiser, List.of("/admin", "/admin/legal-holds", "/admin/networks")));
    }

    @Test
    void pagesForPeopleSignedOutReadWellAndAreWellFormed() {
        assertNoProblems(crawl(null));
    }

    @AfterAll
    static void everyPageWasChecked() {
        List<String> missed = TestHub.get().routes().stream()
            .filter(route -> route.startsWith("GET /") && !route.startsWith("GET /api") && !route.contains(".")
                && !route.startsWith("GET /eventbus") && !route.startsWith("GET /assets")
                && !List.of("GET /health", "GET /ready", "GET /metrics", "GET /sign-out").contains(route))
            .map(route -> route.substring(4))
            .filter(path -> !NOT_LINKED.contains(path))
            .filter(path -> VISITED.stream().noneMatch(visited -> visited.split("\\?")[0]
                .matches(path.replaceAll(":[A-Za-z]+", "[^/]+"))))
            .toList();
        assertEquals(List.of(), missed, "pages the crawl never reached");
    }

    @Test
    void theChecksCatchTheSlipsTheyAreFor() {
        Document page = Jsoup.parse("""
            <main><h1>Networks</h1><h3>Yours</h3>
            <p>You are organiser of this network, and the the date is 2027-01-12T10:00, or 12 Sept 2027 at 14:00 BT.</p>
            <ul><li>Central team, Central team</li></ul>
            <input id="roleTitle" name="roleTitle"><input id="roleTitle" name="roleTitle"></main>
            """);
        List<String> problems = problems("/example", page);
        for (String expected : List.of("a role without its article", "a doubled word", "an ISO date", "an ISO time",
            "an abbreviated month", "a 24-hour time", "a zone called BT", "the same label twice", "id \"roleTitle\" is used 2 times",
            "has no label", "skips from h1 to h3")) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " in " + problems);
        }
    }

    private static void assertNoProblems(Map<String, List<String>> byPage) {
        StringBuilder report = new StringBuilder();
        byPage.forEach((path, problems) -> problems.forEach(p -> report.append("\n  ").append(path).append(": ").append(p)));
        assertEquals("", report.toString(), byPage.size() + " pages checked; problems:");
    }

    /** Follows links from the home page, checking each page; the result maps each page to its problems. */
    private static Map<String, List<String>> crawl(TestUser as) {
        return crawl(as, as == null ? List.of("/sign-in", "/register", "/account/deleted")
            : List.of("/", "/networks/national-cancer-network", "/calendar"));
    }

    private static Map<String, List<String>> crawl(TestUser as, List<String> start) {
        Map<String, List<String>> results = new LinkedHashMap<>();
        Map<String, Integer> shapes = new HashMap<>();
        Set<String> seen = new HashSet<>();
        // the page after deleting an account is reached only by deleting one
        Deque<String> queue = new ArrayDeque<>(start);
        seen.addAll(queue);
        while (!queue.isEmpty() && results.size() < 150) {
            String path = queue.removeFirst();
            HttpResponse<Buffer> response = PageRequests.get(client, as, path);
            if (response.statusCode() == 302 || response.statusCode() == 303) {
                // pages such as "the discussion of this date" lead to the page that holds it
                VISITED.add(path);
                String location = response.getHeader("Location");
                if (location != null && location.startsWith("/") && seen.add(location)) {
                    queue.addLast(location);
                }
                continue;
            }
            if (response.statusCode() == 403 || response.statusCode() == 404) {
                continue;
            }
            if (response.statusCode() != 200) {
                results.put(path, List.of("answered " + response.statusCode()));
                continue;
            }
            VISITED.add(path);
            Document page = Jsoup.parse(response.bodyAsString(), "http://hub.test");
            results.put(path, problems(path, page));
            for (Element link : page.select("a[href]")) {
                String href = link.attr("href").replaceAll("#.*", "");
                if (!href.startsWith("/") || href.startsWith("//") || HREF_SKIPPED.matcher(href).matches() || !seen.add(href)) {
                    continue;
                }
                String shape = shape(href);
                if (shapes.merge(shape, 1, Integer::sum) <= PAGES_PER_SHAPE) {
                    queue.addLast(href);
                }
            }
        }
        assertTrue(results.size() > (as == null ? 1 : 20), "the crawl reached only " + results.keySet());
        return results;
    }

    /** A path with its ids, network slugs and query values taken out, so "the same page for another thing" is one shape. */
    private static String shape(String href) {
        String path = ID.matcher(href).replaceAll("{id}").replaceAll("=[^&]*", "=");
        return path.replaceFirst("^/networks/[^/?]+", "/networks/{slug}");
    }

    static List<String> problems(String path, Document page) {
        List<String> problems = new ArrayList<>();
        Document visible = page.clone();
        // a calendar's column headings may abbreviate the day when the abbreviation carries the full name
        visible.select("script, style, template, noscript, abbr[title]").remove();
        // the time zone list names zones as the IANA database does ("Pacific/Pago Pago", "Atlantic/Jan Mayen")
        visible.select("select#timeZone option").remove();
        // a line break separates, say, a name from a role title, so words either side are not one phrase
        visible.select("br").after("<span> ¦ </span>");
        // each innermost block's text, so that words in neighbouring cells or headings are not read as one sentence
        for (Element element : visible.body().select(BLOCKS)) {
            if (element.select(BLOCKS).size() > 1) {
                continue;
            }
            String text = element.text();
            SLIPS.forEach((pattern, what) -> {
                Matcher m = pattern.matcher(text);
                while (m.find()) {
                    problems.add(what + ": \"" + around(text, m.start(), m.end()) + "\"");
                }
            });
        }
        for (Element list : visible.select("li, td, dd, span.nhsuk-body-s, p")) {
            String own = list.ownText();
            String[] parts = own.split("\\s*,\\s*");
            Set<String> distinct = new LinkedHashSet<>();
            for (String part : parts) {
                if (!part.isBlank() && !distinct.add(part.toLowerCase())) {
                    problems.add("the same label twice in one list: \"" + own + "\"");
                    break;
                }
            }
        }
        Map<String, Integer> ids = new HashMap<>();
        page.select("[id]").forEach(e -> ids.merge(e.id(), 1, Integer::sum));
        ids.forEach((id, count) -> {
            if (count > 1) {
                problems.add("id \"" + id + "\" is used " + count + " times");
            }
        });
        for (Element field : page.select("input, select, textarea")) {
            String type = field.attr("type");
            if (List.of("hidden", "submit", "button", "reset", "image").contains(type)) {
                continue;
            }
            boolean labelled = field.hasAttr("aria-label") || field.hasAttr("aria-labelledby")
                || !field.parents().select("label").isEmpty()
                || (!field.id().isEmpty() && !page.select("label[for=" + cssEscape(field.id()) + "]").isEmpty());
            if (!labelled) {
                problems.add(field.tagName() + " " + field.attr("name") + " (id \"" + field.id() + "\") has no label");
            }
        }
        int previous = 1;
        for (Element heading : page.select("h1, h2, h3, h4, h5, h6")) {
            int level = Integer.parseInt(heading.tagName().substring(1));
            if (level > previous + 1) {
                problems.add("heading \"" + heading.text() + "\" skips from h" + previous + " to h" + level);
            }
            previous = level;
        }
        return problems;
    }

    private static String cssEscape(String id) {
        return "\"" + id.replace("\"", "\\\"") + "\"";
    }

    private static String around(String text, int start, int end) {
        return text.substring(Math.max(0, start - 30), Math.min(text.length(), end + 30));
    }

    private static TestUser signIn(String localPart) {
        String email = localPart + "@demo.nhs.uk";
        HttpResponse<Buffer> login = await(client.post("/api/auth/login")
            .sendJsonObject(new JsonObject().put("email", email).put("password", DemoData.PASSWORD)));
        assertEquals(200, login.statusCode(), login.bodyAsString());
        JsonObject user = login.bodyAsJsonObject().getJsonObject("user");
        return new TestUser(UUID.fromString(user.getString("id")), email, user.getString("displayName"),
            login.bodyAsJsonObject().getString("token"), TestUsers.cookie(login, "hub_session"), TestUsers.cookie(login, "hub_csrf"));
    }
}
