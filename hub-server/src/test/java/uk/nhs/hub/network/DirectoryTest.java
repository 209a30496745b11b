package uk.nhs.hub.network;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.PageRequests;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * The network directory ({@code GET /api/networks} and {@code /networks}): networks of networks as a tree with
 * counts rolled up per subtree, server-side search and filters, keyset pages, hidden networks that never show,
 * the one statement behind it on 2,000 networks; and the network page's place in the tree, recent discussions and
 * open broadcasts.
 */
class DirectoryTest {

    private static WebClient client;
    private static TestUser cara;
    private static TestUser central;
    private static TestUser mo;
    private static TestUser outsider;
    private static UUID national;
    private static UUID leeds;
    private static UUID bradford;
    private static UUID hidden;
    private static UUID children;
    private static UUID secretTop;
    private static UUID underSecret;
    private static String nationalSlug;
    private static String leedsSlug;

    @BeforeAll
    static void buildATree() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        cara = TestUsers.create(client, "Cara Organiser");
        central = TestUsers.create(client, "Cen Central");
        mo = TestUsers.create(client, "Mo Nurse");
        outsider = TestUsers.create(client, "Olu Outsider");
        JsonObject top = NetworkFixtures.create(client, cara, "Directory national cancer network", "request");
        national = NetworkFixtures.id(top);
        nationalSlug = top.getString("slug");
        JsonObject leedsNetwork = create(cara, "Leeds local cancer network", "open", national, "Cancer care across West Yorkshire");
        leeds = NetworkFixtures.id(leedsNetwork);
        leedsSlug = leedsNetwork.getString("slug");
        bradford = NetworkFixtures.id(NetworkFixtures.create(client, cara, "Bradford local cancer network", "open", national));
        hidden = NetworkFixtures.id(NetworkFixtures.create(client, cara, "Hidden pilot network", "private", national));
        children = NetworkFixtures.id(NetworkFixtures.create(client, cara, "Children's cancer group", "open", leeds));
        secretTop = NetworkFixtures.id(NetworkFixtures.create(client, cara, "Secret top network", "private"));
        underSecret = NetworkFixtures.id(NetworkFixtures.create(client, cara, "Open under the secret one", "open", secretTop));
        NetworkFixtures.addMember(client, cara, leeds, mo, "member", "Lead nurse");
        NetworkFixtures.addMember(client, cara, national, mo, "member", "Member");
        // typed with a stray space and other capitals, as people do
        NetworkFixtures.addMember(client, cara, national, central, "central", "central  Team");
    }

    private static JsonObject create(TestUser by, String name, String visibility, UUID parent, String description) {
        HttpResponse<Buffer> response = await(client.post("/api/networks").putHeader("Authorization", by.bearer())
            .sendJsonObject(new JsonObject().put("name", name).put("slug", NetworkFixtures.uniqueSlug("leeds"))
                .put("visibility", visibility).put("parentId", parent.toString()).put("description", description)));
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> get(TestUser user, String path) {
        return await(client.get(path).putHeader("Authorization", user.bearer()).send());
    }

    private static JsonArray directory(TestUser user, String query) {
        HttpResponse<Buffer> response = get(user, "/api/networks" + query);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonArray("networks");
    }

    private static List<String> names(JsonArray networks) {
        return networks.stream().map(JsonObject.class::cast).map(n -> n.getString("name")).toList();
    }

    private static JsonObject named(JsonArray networks, String name) {
        return networks.stream().map(JsonObject.class::cast).filter(n -> n.getString("name").equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError(name + " not in " + names(networks)));
    }

    @Test
    void theDirectoryPlacesEachNetworkInTheTreeWithCountsRolledUpOverItsSubtree() {
        JsonArray seen = directory(outsider, "");
        JsonObject top = named(seen, "Directory national cancer network");
        assertEquals(0, top.getInteger("depth"));
        assertEquals(4, top.getJsonObject("counts").getInteger("networks"), "Leeds, Bradford, the pilot and the group inside Leeds");
        assertEquals(3, top.getJsonObject("counts").getInteger("members"), "Cara, Mo and the central team member, each once");
        JsonObject leedsListed = named(seen, "Leeds local cancer network");
        assertEquals(1, leedsListed.getInteger("depth"));
        assertEquals(national.toString(), leedsListed.getJsonArray("above").getJsonObject(0).getString("id"));
        assertEquals(1, leedsListed.getJsonObject("counts").getInteger("networks"));
        assertEquals(2, leedsListed.getJsonObject("counts").getInteger("members"));
        assertEquals(2, leedsListed.getInteger("memberCount"));
        JsonObject group = named(seen, "Children's cancer group");
        assertEquals(2, group.getInteger("depth"));
        assertEquals(List.of("Directory national cancer network", "Leeds local cancer network"),
            group.getJsonArray("above").stream().map(JsonObject.class::cast).map(a -> a.getString("name")).toList());
    }

    @Test
    void hiddenNetworksAndTheirNamesNeverShowAndAParentTheCallerCannotSeeMatchesNothing() {
        JsonArray seen = directory(outsider, "");
        assertFalse(names(seen).contains("Hidden pilot network"));
        assertFalse(names(seen).contains("Secret top network"));
        JsonObject orphan = named(seen, "Open under the secret one");
        assertEquals(0, orphan.getInteger("depth"), "a visible network under a hidden one starts its own tree");
        assertEquals(0, orphan.getJsonArray("above").size());
        assertEquals(List.of(), names(directory(outsider, "?q=top")), "the hidden parent's name is not searched");
        assertEquals(List.of(), names(directory(outsider, "?parentId=" + secretTop)));
        assertEquals(List.of(), names(directory(outsider, "?parentId=" + UUID.randomUUID())));
        assertTrue(names(directory(cara, "?parentId=" + national)).contains("Hidden pilot network"), "the organiser sees it");
    }

    @Test
    void searchMatchesEveryWordInTheNameTheDescriptionOrThePlaceAbove() {
        assertEquals(List.of("Children's cancer group", "Leeds local cancer network"), names(directory(mo, "?q=leeds")),
            "the group inside Leeds matches by its place");
        assertEquals(List.of("Leeds local cancer network"), names(directory(mo, "?q=west%20YORKSHIRE")));
        assertEquals(List.of("Children's cancer group"), names(directory(mo, "?q=national%20children")));
        assertEquals(List.of(), names(directory(mo, "?q=%25")), "a percent sign is a character, not a wildcard");
        assertEquals(List.of(), names(directory(mo, "?q=leeds%20bradford")));
    }

    @Test
    void filtersNarrowToMyNetworksToThoseOpenToJoinAndToThoseInsideAParent() {
        assertEquals(List.of("Directory national cancer network", "Leeds local cancer network"), names(directory(mo, "?mine=true")));
        List<String> joinable = names(directory(mo, "?joinable=true"));
        assertTrue(joinable.contains("Bradford local cancer network"), joinable.toString());
        assertTrue(joinable.contains("Children's cancer group"), joinable.toString());
        assertFalse(joinable.contains("Leeds local cancer network"), "already a member");
        assertFalse(joinable.contains("Hidden pilot network"));
        assertEquals(List.of("Bradford local cancer network", "Children's cancer group", "Leeds local cancer network"),
            names(directory(mo, "?parentId=" + national)));
        assertEquals(List.of("Children's cancer group"), names(directory(mo, "?parentId=" + national + "&q=children&joinable=true")));
    }

    @Test
    void keysetPagesWalkTheWholeDirectoryOnceInNameOrder() {
        List<String> all = names(directory(cara, ""));
        List<String> walked = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonObject page = get(cara, "/api/networks?limit=2" + (next == null ? "" : "&after=" + next)).bodyAsJsonObject();
            names(page.getJsonArray("networks")).forEach(walked::add);
            next = page.getString("next");
            pages++;
        } while (next != null && pages < 20);
        assertEquals(all, walked);
        assertEquals(7, all.size(), all.toString());
        assertEquals(4, pages);
    }

    @Test
    void badFiltersAreRefusedInTheOneErrorShape() {
        for (String[] bad : new String[][] {{"?parentId=leeds", "parentId"}, {"?mine=maybe", "mine"},
            {"?q=" + "x".repeat(201), "q"}, {"?after=%25%25", "after"}, {"?limit=0", "limit"}}) {
            HttpResponse<Buffer> response = get(mo, "/api/networks" + bad[0]);
            assertEquals(400, response.statusCode(), bad[0]);
            assertEquals(bad[1], response.bodyAsJsonObject().getJsonObject("error").getString("field"), bad[0]);
        }
        HttpResponse<Buffer> signedOut = await(client.get("/api/networks?q=leeds").send());
        assertEquals(401, signedOut.statusCode());
        assertEquals("unauthenticated", signedOut.bodyAsJsonObject().getJsonObject("error").getString("code"));
    }

    @Test
    void theWholeDirectoryOfTwoThousandNetworksIsOneStatementThatWalksTheTreeByIndex() {
        TestUser big = TestUsers.create(client, "Big Central");
        // 20 trees of a national network, 9 regions and 10 places in each region: 2,000 networks, private, so that only
        // their central team sees them (through the walk down from what they run); 5 members in each
        await(TestHub.get().pool().preparedQuery("""
            WITH tops AS (
                INSERT INTO networks (name, slug, visibility)
                SELECT 'Plan national ' || t, 'plan-national-' || t, 'private' FROM generate_series(1, 20) t
                RETURNING id, slug
            ), regions AS (
                INSERT INTO networks (parent_id, name, slug, visibility)
                SELECT tops.id, 'Plan region ' || tops.slug || ' ' || r, tops.slug || '-region-' || r, 'private'
                FROM tops, generate_series(1, 9) r
                RETURNING id, slug
            ), places AS (
                INSERT INTO networks (parent_id, name, slug, visibility)
                SELECT regions.id, 'Plan place ' || regions.slug || ' ' || p, regions.slug || '-place-' || p, 'private'
                FROM regions, generate_series(1, 10) p
                RETURNING id
            )
            INSERT INTO memberships (network_id, user_id, role)
            SELECT id, $1, 'central' FROM tops
            """).execute(Tuple.of(big.id())));
        await(TestHub.get().pool().query("""
            INSERT INTO users (email, display_name, password_hash)
            SELECT 'plan-person-' || i || '@example.nhs.uk', 'Plan person ' || i, 'x' FROM generate_series(1, 500) i
            """).execute());
        await(TestHub.get().pool().query("""
            INSERT INTO memberships (network_id, user_id, role)
            SELECT n.id, u.id, 'member' FROM networks n
            JOIN LATERAL (SELECT id FROM users WHERE email LIKE 'plan-person-%' ORDER BY md5(n.id::text || id::text) LIMIT 5) u ON true
            WHERE n.slug LIKE 'plan-national-%'
            """).execute());
        await(TestHub.get().pool().query("ANALYZE networks, memberships, users").execute());

        StringBuilder plan = new StringBuilder();
        await(TestHub.get().pool().preparedQuery("EXPLAIN " + NetworkSql.DIRECTORY)
                .execute(Tuple.of(big.id(), null, null, false, false, null).addUUID(null).addInteger(null)))
            .forEach(row -> plan.append(row.getString(0)).append('\n'));
        String text = plan.toString();
        assertEquals(1, text.split("Recursive Union", -1).length - 1, "one walk down the tree: " + text);
        assertTrue(text.contains("Index Cond: (parent_id IS NULL)"), "the tops of the trees are found by the parent index: " + text);
        assertTrue(text.contains("Index Scan on memberships_user_idx"), "the caller's memberships are found by index: " + text);
        assertTrue(text.contains("Bitmap Index Scan on memberships_pkey") || text.contains("Index Scan using memberships_pkey"),
            "each network's own member count is read by index: " + text);
        // the real cost, for the report only: timings vary too much on a shared machine to assert
        StringBuilder analysed = new StringBuilder();
        await(TestHub.get().pool().preparedQuery("EXPLAIN (ANALYZE, SUMMARY) " + NetworkSql.DIRECTORY)
                .execute(Tuple.of(big.id(), null, null, false, false, null).addUUID(null).addInteger(null)))
            .forEach(row -> analysed.append(row.getString(0)).append('\n'));
        System.out.println("directory of 2,000 networks: " + analysed.substring(analysed.indexOf("Execution Time")).trim());

        JsonObject page = get(big, "/api/networks?limit=1000&q=plan").bodyAsJsonObject();
        assertEquals(1000, page.getJsonArray("networks").size());
        assertNotNull(page.getString("next"));
        JsonObject rest = get(big, "/api/networks?limit=1000&q=plan&after=" + page.getString("next")).bodyAsJsonObject();
        assertEquals(1000, rest.getJsonArray("networks").size());
        assertNull(rest.getString("next"));
        JsonObject top = named(directory(big, "?q=plan%20national%201&mine=true"), "Plan national 1");
        assertEquals(99, top.getJsonObject("counts").getInteger("networks"));
        assertEquals(0, top.getInteger("depth"));
    }

    // ---- pages --------------------------------------------------------------------------------------------

    @Test
    void theDirectoryPageListsMyNetworksFirstThenTheNestedTreeWithoutJavaScript() {
        HttpResponse<Buffer> response = PageRequests.get(client, mo, "/networks");
        assertEquals(200, response.statusCode());
        Document page = Jsoup.parse(response.bodyAsString());
        Element mine = page.selectFirst("table");
        assertNotNull(mine);
        assertTrue(mine.text().contains("Leeds local cancer network"), mine.text());
        assertTrue(mine.text().contains("Member, Lead nurse"), mine.text());
        assertFalse(mine.text().contains("Member, Member"), "a title that repeats the role is left out: " + mine.text());
        Element tree = page.selectFirst("[data-tree]");
        assertNotNull(tree);
        Element leedsItem = tree.selectFirst("li[data-network=" + leedsSlug + "]");
        assertNotNull(leedsItem, tree.html());
        assertEquals(nationalSlug, leedsItem.parent().parent().attr("data-network"), "Leeds is listed inside the national network");
        assertEquals(List.of("Children's cancer group"), leedsItem.select("ul[data-inside] li > a").eachText());
        assertTrue(tree.selectFirst("li[data-network=" + nationalSlug + "] > .nhsuk-body-s").text()
            .contains("3 members; 4 networks inside, 3 people in all"));
        assertTrue(page.select("h2").eachText().indexOf("Your networks") < page.select("h2").eachText().indexOf("All networks"));
    }

    @Test
    void aRoleTitleThatOnlyRepeatsTheRoleIsNotShownTwice() {
        Document page = Jsoup.parse(PageRequests.get(client, central, "/networks").bodyAsString());
        assertEquals(List.of("Central team"), page.select("table tbody td:nth-of-type(1)").eachText());
    }

    @Test
    void theDirectoryPageSearchesOnTheServerAndKeepsWhatWasTyped() {
        Document found = Jsoup.parse(PageRequests.get(client, mo, "/networks?q=bradford").bodyAsString());
        assertEquals(List.of("Bradford local cancer network"), found.select("[data-results] > li > a").eachText());
        assertEquals("bradford", found.selectFirst("input#q").val());
        assertNull(found.selectFirst("[data-tree]"));
        Document inside = Jsoup.parse(PageRequests.get(client, mo, "/networks?parent=" + leedsSlug + "&joinable=yes").bodyAsString());
        assertEquals(List.of("Children's cancer group"), inside.select("[data-results] > li > a").eachText());
        Document none = Jsoup.parse(PageRequests.get(client, mo, "/networks?mine=yes&q=bradford").bodyAsString());
        assertTrue(none.text().contains("No networks match your search"));
        HttpResponse<Buffer> tooLong = PageRequests.get(client, mo, "/networks?q=" + "y".repeat(201));
        assertEquals(400, tooLong.statusCode());
        Document refused = Jsoup.parse(tooLong.bodyAsString());
        assertNotNull(refused.selectFirst(".nhsuk-error-summary a[href=#q]"));
        assertEquals("y".repeat(201), refused.selectFirst("input#q").val());
    }

    @Test
    void aNetworkPageShowsItsPlaceInTheTreeWithSiblingsAndChildrenAndTheirCounts() {
        Document page = Jsoup.parse(PageRequests.get(client, mo, "/networks/" + leedsSlug).bodyAsString());
        Element place = page.selectFirst("[data-place]");
        assertNotNull(place);
        assertTrue(place.text().contains("Part of Directory national cancer network"), place.text());
        assertEquals(List.of("Bradford local cancer network"), place.select("[data-siblings] li > a").eachText(),
            "the hidden pilot is not among the siblings a member sees");
        assertEquals(List.of("Children's cancer group 1 person"), place.select("[data-children] li").eachText());
        Document asOrganiser = Jsoup.parse(PageRequests.get(client, cara, "/networks/" + leedsSlug).bodyAsString());
        assertEquals(List.of("Bradford local cancer network", "Hidden pilot network"),
            asOrganiser.select("[data-siblings] li > a").eachText());
    }

    @Test
    void aNetworkPageShowsItsRealRecentDiscussionsWithUnreadCountsAndOpenBroadcasts() {
        HttpResponse<Buffer> thread = await(client.post("/api/networks/" + national + "/threads").putHeader("Authorization", cara.bearer())
            .sendJsonObject(new JsonObject().put("title", "Two-week wait pathway").put("body", "How are your referrals?")));
        assertEquals(201, thread.statusCode(), thread.bodyAsString());
        HttpResponse<Buffer> broadcast = await(client.post("/api/broadcasts").putHeader("Authorization", central.bearer())
            .sendJsonObject(new JsonObject().put("networkId", national.toString()).put("title", "Winter readiness")
                .put("body", "Tell us how ready you are").put("targets", new JsonObject().put("networkIds", new JsonArray().add(national.toString()))
                    .put("includeDescendants", true))));
        assertEquals(201, broadcast.statusCode(), broadcast.bodyAsString());

        Document page = Jsoup.parse(PageRequests.get(client, mo, "/networks/" + nationalSlug).bodyAsString());
        Element recent = page.selectFirst("[data-recent-discussions]");
        assertNotNull(recent, page.text());
        assertEquals("Two-week wait pathway", recent.selectFirst("li > a").text());
        assertEquals("1 unread", recent.selectFirst(".nhsuk-tag").text());
        assertFalse(page.text().contains("Nobody has started a discussion"));
        assertNotNull(page.selectFirst("a[href=/networks/" + nationalSlug + "/discussions]"));
        assertEquals(List.of("Winter readiness"), page.select("[data-open-broadcasts] li > a").eachText());
        assertNotNull(page.selectFirst("a[href=/broadcasts]"));

        Document quiet = Jsoup.parse(PageRequests.get(client, mo, "/networks/" + leedsSlug).bodyAsString());
        assertTrue(quiet.text().contains("Nobody has started a discussion in Leeds local cancer network yet."), quiet.text());
        assertEquals(List.of("Winter readiness"), quiet.select("[data-open-broadcasts] li > a").eachText(),
            "the broadcast reached the networks inside too");

        Document outside = Jsoup.parse(PageRequests.get(client, outsider, "/networks/" + nationalSlug).bodyAsString());
        assertFalse(outside.text().contains("Two-week wait pathway"), "someone outside does not see the discussions");
        assertFalse(outside.text().contains("Winter readiness"), "nor the broadcasts");
        assertNull(outside.selectFirst("[data-recent-discussions]"));
        assertEquals(404, PageRequests.get(client, outsider, "/networks/" + NetworkFixtures.uniqueSlug("none")).statusCode());
        HttpResponse<Buffer> signedOut = PageRequests.get(client, null, "/networks/" + nationalSlug);
        assertTrue(signedOut.statusCode() == 302 || signedOut.statusCode() == 303, "signed out goes to sign in");
        assertTrue(PageRequests.get(client, null, "/networks").getHeader("Location").startsWith("/sign-in"));
    }

    @Test
    void aGuestFindsThePrivateNetworkTheyWereAskedIntoButNothingElseHidden() {
        TestUser guest = TestUsers.create(client, "Gail Guest");
        NetworkFixtures.addMember(client, cara, hidden, guest, "guest", null);
        List<String> theirs = names(directory(guest, "?mine=true"));
        assertEquals(List.of("Hidden pilot network"), theirs);
        JsonObject pilot = named(directory(guest, ""), "Hidden pilot network");
        assertEquals(1, pilot.getInteger("depth"), "placed under the national network it is in");
        assertEquals("guest", pilot.getString("myRole"));
        assertFalse(names(directory(guest, "")).contains("Secret top network"));
    }

    @Test
    void aGuestSeesNeitherTheDiscussionsNorTheBroadcastsOfTheNetwork() {
        TestUser guest = TestUsers.create(client, "Gil Guest");
        NetworkFixtures.addMember(client, cara, national, guest, "guest", null);
        Document page = Jsoup.parse(PageRequests.get(client, guest, "/networks/" + nationalSlug).bodyAsString());
        assertNull(page.selectFirst("[data-recent-discussions]"));
        assertNull(page.selectFirst("[data-open-broadcasts]"));
    }
}
