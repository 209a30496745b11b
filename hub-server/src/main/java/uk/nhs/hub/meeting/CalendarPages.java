package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Your meetings": the next three months of every meeting a person takes part in, across all their networks,
 * and their personal calendar address, which they make, replace or stop here. The address is shown once,
 * when it is made, because only its hash is kept.
 */
final class CalendarPages {

    private static final Duration AHEAD = Duration.ofDays(92);

    private final CalendarFeeds feeds;
    private final Authentication authentication;
    private final Pages pages;
    private final Clock clock;

    CalendarPages(CalendarFeeds feeds, Authentication authentication, Pages pages, Clock clock) {
        this.feeds = feeds;
        this.authentication = authentication;
        this.pages = pages;
        this.clock = clock;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        router.get("/calendar").handler(signedIn).handler(ctx -> show(ctx, null).onFailure(ctx::fail));
        router.post("/calendar-address").handler(signedIn).handler(ctx -> feeds.create(SignedInUser.required(ctx))
            .compose(url -> show(ctx, url)).onFailure(ctx::fail));
        router.post("/calendar-address/delete").handler(signedIn).handler(ctx -> feeds.revoke(SignedInUser.required(ctx))
            .onSuccess(v -> Pages.seeOther(ctx, "/calendar?done=stopped")).onFailure(ctx::fail));
    }

    private Future<Void> show(RoutingContext ctx, String newAddress) {
        SignedInUser user = SignedInUser.required(ctx);
        Instant now = clock.instant();
        // a date moved into the window may have been first planned well before it
        return Future.all(feeds.meetingsOf(user.id()), feeds.exists(user), feeds.replyStatusesOf(user.id(),
                now.minus(Duration.ofDays(366))), feeds.delegationsOf(user.id(), now.minus(Duration.ofDays(366)))).compose(all -> {
            JsonArray meetings = new JsonArray();
            List<Calendars.Entry> entries = all.resultAt(0);
            Map<String, String> replies = all.resultAt(2);
            CalendarFeeds.Delegations delegations = all.resultAt(3);
            for (Calendars.Entry entry : entries) {
                JsonArray occurrences = new JsonArray();
                MeetingService.expand(entry.meeting(), entry.changes(), now, now.plus(AHEAD)).forEach(occurrence -> {
                    String key = CalendarFeeds.replyKey(entry.meeting().id(), occurrence.originalStart().toInstant());
                    occurrences.add(occurrence.toJson().put("myStatus", replies.getOrDefault(key, "unanswered"))
                        .put("sending", delegations.sending().get(key))
                        .put("attendingFor", delegations.attendingFor().get(key)));
                });
                meetings.add(entry.meeting().toJson().put("occurrences", occurrences));
            }
            Map<String, Object> model = new HashMap<>();
            model.put("months", MeetingPages.byMonth(MeetingPages.entries(meetings)));
            model.put("hasAddress", all.<Boolean>resultAt(1));
            if (newAddress != null) {
                model.put("newAddress", newAddress);
            }
            if ("stopped".equals(ctx.request().getParam("done"))) {
                model.put("notice", "Your calendar address has been stopped");
            }
            return pages.render(ctx, 200, "meeting/calendar", model);
        });
    }
}
