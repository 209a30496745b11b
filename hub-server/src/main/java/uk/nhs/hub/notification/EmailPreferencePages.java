package uk.nhs.hub.notification;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Email from the hub" ({@code /account/email}): a plain form, usable without JavaScript, with a choice per
 * category, the digest time and time zone. A rejected form comes back with the NHS.UK error summary and the
 * choices as submitted.
 */
final class EmailPreferencePages {

    private final Pool pool;
    private final Authentication authentication;
    private final Pages pages;

    EmailPreferencePages(Pool pool, Authentication authentication, Pages pages) {
        this.pool = pool;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        router.get("/account/email").handler(authentication.requireUserPage()).handler(this::form);
        router.post("/account/email").handler(authentication.requireUserPage()).handler(this::save);
    }

    private void form(RoutingContext ctx) {
        boolean saved = ctx.request().getParam("saved") != null;
        EmailPreferences.load(pool, SignedInUser.required(ctx).id())
            .compose(choices -> show(ctx, 200, formOf(choices), new FormErrors(), saved))
            .onFailure(ctx::fail);
    }

    private void save(RoutingContext ctx) {
        Map<String, Object> submitted = new HashMap<>();
        EmailPreferences.CATEGORIES.forEach(category -> submitted.put(category, ctx.request().getFormAttribute(category)));
        submitted.put("digestHour", ctx.request().getFormAttribute("digestHour"));
        submitted.put("timeZone", ctx.request().getFormAttribute("timeZone"));
        Map<String, String> typed = new HashMap<>();
        submitted.forEach((field, value) -> typed.put(field, value == null ? "" : value.toString()));
        Future.succeededFuture(submitted)
            .map(values -> EmailPreferences.parse(values, true))
            .compose(choices -> EmailPreferences.save(pool, SignedInUser.required(ctx).id(), choices))
            .compose(v -> Pages.seeOther(ctx, "/account/email?saved=1"))
            .recover(err -> err instanceof HubException failure && failure.status() < 500
                ? show(ctx, failure.status(), typed, FormErrors.from(failure, "mentions"), false)
                : Future.failedFuture(err))
            .onFailure(ctx::fail);
    }

    private static Map<String, String> formOf(EmailPreferences.Choices choices) {
        Map<String, String> form = new HashMap<>(choices.byCategory());
        form.put("digestHour", Integer.toString(choices.digestHour()));
        form.put("timeZone", choices.timeZone());
        return form;
    }

    private Future<Void> show(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors,
                              boolean saved) {
        Map<String, Object> model = new HashMap<>(errors.model());
        model.put("form", form);
        model.put("saved", saved);
        List<Map<String, String>> categories = new ArrayList<>();
        EmailPreferences.CATEGORIES.forEach(category -> categories.add(Map.of("name", category,
            "legend", legend(category))));
        model.put("categories", categories);
        List<Map<String, String>> hours = new ArrayList<>();
        for (int hour = 0; hour < 24; hour++) {
            hours.add(Map.of("value", Integer.toString(hour), "text", DateTimeWords.time(LocalTime.of(hour, 0))));
        }
        model.put("hours", hours);
        model.put("zones", EmailPreferences.ZONES.stream()
            .map(zone -> Map.of("value", zone, "text", zone.replace('_', ' '))).toList());
        return pages.render(ctx, status, "account/email", model);
    }

    private static String legend(String category) {
        Map<String, String> legends = new LinkedHashMap<>();
        legends.put("mentions", "When someone mentions you");
        legends.put("replies", "When someone replies to your post");
        legends.put("watching", "When someone posts in a thread you watch");
        legends.put("broadcasts", "When a broadcast is sent to your network");
        legends.put("meetings", "Meeting reminders and changes");
        return legends.get(category);
    }
}
