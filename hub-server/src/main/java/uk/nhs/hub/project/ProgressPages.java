package uk.nhs.hub.project;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;

/**
 * The "progress on current projects" page of a network (and of a network of networks, taking in every network
 * below it), for a month chosen with an NHS.UK month and year input, and the same report in a plain printable
 * layout ({@code ?print=1}). A month that is not a month comes back with the error summary and what was typed.
 */
final class ProgressPages {

    private static final Map<String, String> OUTCOMES = Map.of("approved", "Approved", "deferred", "Deferred",
        "rejected", "Rejected", "pending", "Pending");

    private final ProjectProgress progress;
    private final NetworkService networks;
    private final Authentication authentication;
    private final Pages pages;

    ProgressPages(ProjectProgress progress, NetworkService networks, Authentication authentication, Pages pages) {
        this.progress = progress;
        this.networks = networks;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        router.get("/networks/:slug/projects/progress").handler(authentication.requireUserPage()).handler(this::show);
    }

    private void show(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        String month = param(ctx, "month");
        String year = param(ctx, "year");
        boolean print = "1".equals(param(ctx, "print"));
        // the form sends a month number and a year; a link may carry the API's 2027-03 in month alone
        String asked = year.isEmpty() ? month : year + "-" + (month.matches("[0-9]") ? "0" + month : month);
        networks.getBySlug(user, ctx.pathParam("slug")).compose(network -> {
            String networkId = network.getString("id");
            return progress.report(user, java.util.UUID.fromString(networkId), asked)
                .compose(report -> render(ctx, 200, network, report, Map.of(), new FormErrors(), print))
                .recover(err -> {
                    if (err instanceof HubException hub && hub.status() == 400) {
                        JsonObject thisMonth = new JsonObject().put("month", YearMonth.now(DateTimeWords.READER).toString())
                            .put("projects", new JsonArray());
                        FormErrors errors = new FormErrors();
                        errors.add("month", "Enter a real month and year, such as 3 and 2027");
                        return render(ctx, 400, network, thisMonth, Map.of("month", month, "year", year), errors, false);
                    }
                    return Future.failedFuture(err);
                });
        }).onFailure(ctx::fail);
    }

    private Future<Void> render(RoutingContext ctx, int status, JsonObject network, JsonObject report, Map<String, String> typed,
                                FormErrors errors, boolean print) {
        YearMonth month = YearMonth.parse(report.getString("month"));
        Map<String, Object> model = new HashMap<>(errors.model());
        model.put("network", network.getMap());
        model.put("month", report.getString("month"));
        model.put("monthWords", DateTimeWords.month(month.atDay(1)));
        model.put("form", typed.isEmpty()
            ? Map.of("month", String.valueOf(month.getMonthValue()), "year", String.valueOf(month.getYear())) : typed);
        model.put("previous", month.minusMonths(1).toString());
        model.put("previousWords", DateTimeWords.month(month.minusMonths(1).atDay(1)));
        model.put("next", month.plusMonths(1).toString());
        model.put("nextWords", DateTimeWords.month(month.plusMonths(1).atDay(1)));
        JsonArray projects = new JsonArray();
        for (Object o : report.getJsonArray("projects")) {
            JsonObject project = ((JsonObject) o).copy();
            project.put("statusWords", Character.toUpperCase(project.getString("status").charAt(0))
                + project.getString("status").substring(1));
            JsonObject update = project.getJsonObject("update");
            if (update != null) {
                update.put("periodWords", DateTimeWords.month(YearMonth.parse(update.getString("period")).atDay(1)));
            }
            for (Object h : project.getJsonArray("hearings")) {
                JsonObject hearing = (JsonObject) h;
                hearing.put("dateWords", DateTimeWords.date(LocalDate.parse(hearing.getString("date"))));
                hearing.put("outcomeWords", OUTCOMES.getOrDefault(hearing.getString("outcome"), hearing.getString("outcome")));
            }
            projects.add(project);
        }
        model.put("projects", projects.getList());
        return pages.render(ctx, status, print ? "project/progress-print" : "project/progress", model);
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null ? "" : value.strip();
    }
}
