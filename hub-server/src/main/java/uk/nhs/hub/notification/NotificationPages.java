package uk.nhs.hub.notification;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The notifications page (newest first, filters by kind and network, "Older" pages, "Mark all as read"), the
 * link through which a notification is opened and marked read, and the unread count for every page's header
 * badge. Everything works without JavaScript; the badge script only keeps the count live.
 */
final class NotificationPages {

    /** The kinds a person can filter by, in the words the page uses. */
    private static final Map<String, String> KIND_WORDS = new LinkedHashMap<>();

    static {
        KIND_WORDS.put("mention", "Mentions");
        KIND_WORDS.put("reply", "Replies to your posts");
        KIND_WORDS.put("watched-post", "Discussions you watch");
        KIND_WORDS.put("broadcast", "Broadcasts");
        KIND_WORDS.put("broadcast-version", "New versions of broadcasts");
        KIND_WORDS.put("response-chase", "Responses overdue");
        KIND_WORDS.put("meeting-reminder", "Meeting reminders");
        KIND_WORDS.put("waiting-list-promoted", "Places from a waiting list");
        KIND_WORDS.put("date-cancelled", "Meeting dates cancelled");
        KIND_WORDS.put("date-moved", "Meeting dates moved");
        KIND_WORDS.put("invitation", "Invitations");
        KIND_WORDS.put("join-request-decided", "Requests to join decided");
        KIND_WORDS.put("nomination-decided", "Guest nominations decided");
        KIND_WORDS.put("project-update", "Progress on projects you follow");
        KIND_WORDS.put("project-team", "Project teams you were added to");
        KIND_WORDS.put("network-request-decided", "Requests for new networks decided");
        KIND_WORDS.put("post-reported", "Posts reported in networks you organise");
        KIND_WORDS.put("report-decided", "Reports you made decided");
    }

    private final NotificationInbox inbox;
    private final Authentication authentication;
    private final Pages pages;

    NotificationPages(NotificationInbox inbox, Authentication authentication, Pages pages) {
        this.inbox = inbox;
        this.authentication = authentication;
        this.pages = pages;
    }

    /** Puts the signed-in person's unread count where every page's header badge finds it. */
    void mountBadge(Router router) {
        router.route().handler(ctx -> {
            var user = SignedInUser.of(ctx);
            String path = ctx.request().path();
            if (user.isEmpty() || !"GET".equals(ctx.request().method().name()) || path.startsWith("/api/")
                || path.startsWith("/assets/") || path.startsWith("/eventbus/")) {
                ctx.next();
                return;
            }
            Notifications.badgeCount(inbox.pool(), user.get().id()).onComplete(counted -> {
                if (counted.succeeded()) {
                    ctx.put(Pages.UNREAD_NOTIFICATIONS, counted.result());
                }
                ctx.next();
            });
        });
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        router.get("/notifications").handler(signedIn).handler(this::list);
        router.post("/notifications/read").handler(signedIn).handler(this::readAll);
        router.get("/notifications/:id").handler(signedIn).handler(this::open);
    }

    private void list(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        String kind = param(ctx, "kind");
        String network = param(ctx, "network");
        NotificationInbox.Query query = NotificationInbox.query(param(ctx, "after"), null, kind, network);
        inbox.page(user.id(), query).compose(page -> inbox.networks(user.id()).compose(networks -> {
            ctx.put(Pages.UNREAD_NOTIFICATIONS, page.getLong("unread"));
            List<Object> items = new ArrayList<>();
            page.getJsonArray("items").forEach(o -> {
                JsonObject item = ((JsonObject) o).copy();
                item.put("when", DateTimeWords.timestamp(item.getString("createdAt")));
                item.put("unread", item.getString("readAt") == null);
                items.add(item.getMap());
            });
            List<Map<String, String>> kindOptions = new ArrayList<>();
            kindOptions.add(Map.of("value", "", "text", "All kinds"));
            KIND_WORDS.forEach((value, text) -> kindOptions.add(Map.of("value", value, "text", text)));
            List<Map<String, String>> networkOptions = new ArrayList<>();
            networkOptions.add(Map.of("value", "", "text", "All networks"));
            networks.forEach(n -> networkOptions.add(Map.of("value", n.getString("id"), "text", n.getString("name"))));
            Map<String, Object> model = new HashMap<>();
            model.put("items", items);
            model.put("unread", page.getLong("unread"));
            model.put("kind", kind);
            model.put("network", network);
            model.put("kindOptions", kindOptions);
            model.put("networkOptions", networkOptions);
            model.put("filtered", !kind.isEmpty() || !network.isEmpty());
            model.put("newest", items.isEmpty() ? 0L : page.getJsonArray("items").getJsonObject(0).getLong("id"));
            if (page.getLong("next") != null) {
                model.put("older", "/notifications?after=" + page.getLong("next") + (kind.isEmpty() ? "" : "&kind=" + kind)
                    + (network.isEmpty() ? "" : "&network=" + network));
            }
            if ("read".equals(ctx.request().getParam("done"))) {
                model.put("notice", "All your notifications are marked as read");
            }
            return pages.render(ctx, 200, "notification/list", model);
        })).onFailure(ctx::fail);
    }

    /** "Mark all as read": everything up to the newest notification the page showed, so nothing newer is missed. */
    private void readAll(RoutingContext ctx) {
        String upTo = ctx.request().getFormAttribute("upTo");
        long newest;
        try {
            newest = Long.parseLong(upTo == null ? "" : upTo.strip());
        } catch (NumberFormatException e) {
            ctx.fail(HubException.invalid("upTo", "'upTo' must be the id of a notification"));
            return;
        }
        inbox.markRead(SignedInUser.required(ctx).id(), new JsonObject().put("upTo", newest))
            .onSuccess(v -> Pages.seeOther(ctx, "/notifications?done=read"))
            .onFailure(ctx::fail);
    }

    private void open(RoutingContext ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.fail(HubException.notFound("Notification not found"));
            return;
        }
        inbox.open(SignedInUser.required(ctx).id(), id)
            // only the hub's own paths are stored, but a notice must never become an open redirect
            .onSuccess(href -> Pages.seeOther(ctx, href.startsWith("/") && !href.startsWith("//") ? href : "/notifications"))
            .onFailure(ctx::fail);
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null ? "" : value.strip();
    }
}
