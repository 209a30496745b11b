package uk.nhs.hub.notification;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
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
import uk.nhs.hub.account.AccountEvents;
import uk.nhs.hub.notification.Notifications.Kind;
import uk.nhs.hub.notification.Notifications.Notice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/** A person's notifications inbox through the API and its page: pages, filters, marking read, and only their own. */
class NotificationInboxTest {

    private static WebClient client;
    private static String networkA;
    private static String networkB;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
    }

    private static String network(TestUser by, String name) {
        return await(client.post("/api/networks").putHeader("Authorization", by.bearer()).sendJsonObject(new JsonObject()
            .put("name", name).put("slug", name.toLowerCase().replace(' ', '-') + "-" + UUID.randomUUID().toString().substring(0, 8))
            .put("visibility", "private"))).bodyAsJsonObject().getString("id");
    }

    /** Stores notices for {@code to}: titles "n1".."nN", kinds and networks cycling through the given ones. */
    private static void notices(TestUser to, int n, List<Kind> kinds, List<String> networks) {
        List<Notice> all = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String network = networks.get(i % networks.size());
            all.add(new Notice(to.id(), kinds.get(i % kinds.size()), network == null ? null : UUID.fromString(network),
                "n" + i, "body " + i, "/threads/" + i, "test:" + i, null));
        }
        await(TestHub.get().pool().withTransaction(tx -> Notifications.record(tx, all)));
    }

    private static JsonObject inbox(TestUser as, String query) {
        HttpResponse<Buffer> response = await(client.get("/api/me/notifications" + query).putHeader("Authorization", as.bearer()).send());
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> read(TestUser as, JsonObject body) {
        return await(client.post("/api/me/notifications/read").putHeader("Authorization", as.bearer()).sendJsonObject(body));
    }

    private static List<String> titles(JsonObject page) {
        List<String> titles = new ArrayList<>();
        page.getJsonArray("items").forEach(o -> titles.add(((JsonObject) o).getString("title")));
        return titles;
    }

    @Test
    void theInboxComesNewestFirstInKeysetPagesFilteredByKindAndNetwork() {
        TestUser me = TestUsers.create(client, "Pages Person");
        networkA = network(me, "Inbox A");
        networkB = network(me, "Inbox B");
        notices(me, 7, List.of(Kind.MENTION, Kind.REPLY), java.util.Arrays.asList(networkA, networkB, null));

        JsonObject first = inbox(me, "?limit=3");
        assertEquals(List.of("n7", "n6", "n5"), titles(first));
        assertEquals(7, first.getInteger("unread"));
        JsonObject second = inbox(me, "?limit=3&after=" + first.getLong("next"));
        assertEquals(List.of("n4", "n3", "n2"), titles(second));
        JsonObject last = inbox(me, "?limit=3&after=" + second.getLong("next"));
        assertEquals(List.of("n1"), titles(last));
        assertNull(last.getValue("next"));

        assertEquals(List.of("n6", "n4", "n2"), titles(inbox(me, "?kind=mention")));
        assertEquals(List.of("n6", "n3"), titles(inbox(me, "?network=" + networkA)));
        assertEquals(List.of("n6"), titles(inbox(me, "?kind=mention&network=" + networkA)));
        JsonObject item = first.getJsonArray("items").getJsonObject(0);
        assertEquals("Inbox B", item.getJsonObject("network").getString("name"));
        assertNull(first.getJsonArray("items").getJsonObject(2).getValue("network"), "n5 is about no network");
    }

    @Test
    void badPageParametersAreRefusedInTheOneErrorShape() {
        TestUser me = TestUsers.create(client, "Bad Params");
        for (String query : List.of("?after=x", "?after=-1", "?limit=0", "?limit=101", "?kind=gossip", "?network=nope")) {
            HttpResponse<Buffer> response = await(client.get("/api/me/notifications" + query).putHeader("Authorization", me.bearer()).send());
            assertEquals(400, response.statusCode(), query);
            assertEquals("invalid", response.bodyAsJsonObject().getJsonObject("error").getString("code"), query);
        }
        assertEquals(401, await(client.get("/api/me/notifications").send()).statusCode());
        assertEquals(400, read(me, new JsonObject()).statusCode(), "neither ids nor upTo");
        assertEquals(400, read(me, new JsonObject().put("ids", new JsonArray().add(1)).put("upTo", 1)).statusCode(), "both");
        assertEquals(400, read(me, new JsonObject().put("ids", new JsonArray().add("one"))).statusCode());
        assertEquals(400, read(me, new JsonObject().put("upTo", 0)).statusCode());
    }

    @Test
    void markingReadByIdsOrUpToChangesOnlyTheCallersOwnAndTellsTheirOtherTabs() throws Exception {
        TestUser me = TestUsers.create(client, "Reader Person");
        TestUser other = TestUsers.create(client, "Other Person");
        notices(me, 4, List.of(Kind.MENTION), java.util.Collections.singletonList(null));
        notices(other, 1, List.of(Kind.MENTION), java.util.Collections.singletonList(null));
        JsonArray mine = inbox(me, "").getJsonArray("items");
        long theirs = inbox(other, "").getJsonArray("items").getJsonObject(0).getLong("id");

        Promise<JsonObject> told = Promise.promise();
        MessageConsumer<JsonObject> tab = TestHub.get().vertx().eventBus()
            .consumer(AccountEvents.userAddress(me.id()), message -> {
                if ("notification.read".equals(message.body().getString("type"))) {
                    told.tryComplete(message.body());
                }
            });
        await(tab.completion());
        try {
            HttpResponse<Buffer> byIds = read(me, new JsonObject().put("ids", new JsonArray()
                .add(mine.getJsonObject(0).getLong("id")).add(theirs).add(999_999_999L)));
            assertEquals(200, byIds.statusCode(), byIds.bodyAsString());
            assertEquals(3, byIds.bodyAsJsonObject().getInteger("unread"), "someone else's id and an unknown one are ignored alike");
            assertEquals(3, told.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).getInteger("unread"));
        } finally {
            await(tab.unregister());
        }
        assertEquals(1, inbox(other, "").getInteger("unread"), "the other person's notice is untouched");

        assertEquals(1, read(me, new JsonObject().put("upTo", mine.getJsonObject(2).getLong("id"))).bodyAsJsonObject().getInteger("unread"));
        JsonArray after = inbox(me, "").getJsonArray("items");
        assertNull(after.getJsonObject(1).getValue("readAt"), "the one above upTo (and not named by id) is still unread");
        assertTrue(after.getJsonObject(3).getValue("readAt") != null, "the oldest, below upTo, is read");
    }

    @Test
    void theNotificationsPageListsFiltersMarksAllReadAndOpensANoticeWithoutJavaScript() {
        TestUser me = TestUsers.create(client, "Page Person");
        TestUser other = TestUsers.create(client, "Page Other");
        String network = network(me, "Page network");
        notices(me, 3, List.of(Kind.MENTION, Kind.REPLY), List.of(network));
        notices(other, 1, List.of(Kind.MENTION), List.of(network));

        HttpResponse<Buffer> page = PageRequests.get(client, me, "/notifications");
        assertEquals(200, page.statusCode());
        String html = page.bodyAsString();
        assertTrue(html.contains("You have 3 unread notifications."), html);
        assertTrue(html.contains("<span class=\"nhsuk-u-visually-hidden\">, </span> <span class=\"hub-badge\" data-unread-count>3</span>"
            + "<span class=\"nhsuk-u-visually-hidden\"> unread</span>"), "the header says 'Notifications, 3 unread'");
        assertTrue(html.indexOf(">n3<") < html.indexOf(">n2<"), "newest first");
        assertTrue(html.contains("Unread</strong>"), "unread ones are marked in words");

        String filtered = PageRequests.get(client, me, "/notifications?kind=reply").bodyAsString();
        assertTrue(filtered.contains(">n3<") && !filtered.contains(">n2<"), "only replies");
        assertTrue(filtered.contains("<option value=\"reply\" selected>"), "the filter chosen stays chosen");

        long newest = inbox(me, "").getJsonArray("items").getJsonObject(0).getLong("id");
        long oldest = inbox(me, "").getJsonArray("items").getJsonObject(2).getLong("id");
        HttpResponse<Buffer> opened = PageRequests.get(client, me, "/notifications/" + oldest);
        assertEquals(303, opened.statusCode());
        assertEquals("/threads/1", opened.getHeader("Location"));
        assertEquals(2, inbox(me, "").getInteger("unread"));
        long theirs = inbox(other, "").getJsonArray("items").getJsonObject(0).getLong("id");
        assertEquals(404, PageRequests.get(client, me, "/notifications/" + theirs).statusCode(), "someone else's is not found");
        assertEquals(1, inbox(other, "").getInteger("unread"));

        HttpResponse<Buffer> all = PageRequests.post(client, me, "/notifications/read", Map.of("upTo", Long.toString(newest)));
        assertEquals(303, all.statusCode());
        String after = PageRequests.get(client, me, all.getHeader("Location")).bodyAsString();
        assertTrue(after.contains("All your notifications are marked as read"), after);
        assertTrue(after.contains("You have no unread notifications."));
        assertFalse(after.contains("Unread</strong>"));
        assertEquals(303, PageRequests.get(client, null, "/notifications").statusCode(), "signed out: to sign in");
    }
}
