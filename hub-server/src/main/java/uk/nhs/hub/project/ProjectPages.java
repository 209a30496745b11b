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
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Project pages: a network's projects, starting one, the project page (stages with checklists, team, updates,
 * hearings, decisions, each with its own small form) and editing the project's details. Every form works without
 * JavaScript; a refused one comes back on the same page with the NHS.UK error summary and what was typed kept.
 */
final class ProjectPages {

    private static final Map<String, String> DONE = Map.of("created", "The project has been started",
        "saved", "Your changes have been saved", "update", "Your progress update has been added",
        "hearing", "The hearing has been saved", "joined", "You have joined the project's team", "decision", "The decision has been saved",
        "team", "The team has been changed", "following", "You are now following this project",
        "unfollowed", "You are no longer following this project", "stage", "The stage has been updated");
    private static final Map<String, String> MEASURES_DONE = Map.of("measure", "The measure has been saved",
        "measure-removed", "The measure has been removed", "reading", "The reading has been saved",
        "reading-removed", "The reading has been removed", "checklist", "The checklist has been changed");

    private final ProjectService projects;
    private final ConsultationService consultations;
    private final NetworkService networks;
    private final Authentication authentication;
    private final Pages pages;
    private final ProjectMeasures measures;

    ProjectPages(ProjectService projects, ConsultationService consultations, NetworkService networks,
                 Authentication authentication, Pages pages, ProjectMeasures measures) {
        this.measures = measures;
        this.projects = projects;
        this.consultations = consultations;
        this.networks = networks;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        router.get("/networks/:slug/projects").handler(signedIn).handler(this::list);
        router.get("/networks/:slug/projects/new").handler(signedIn)
            .handler(ctx -> showNew(ctx, 200, Map.of(), new FormErrors()).onFailure(ctx::fail));
        router.post("/networks/:slug/projects").handler(signedIn).handler(this::create);
        // the link emailed to someone added to a team by address (signed out, it asks them to sign in first)
        router.get("/project-invitations/:token").handler(signedIn).handler(ctx -> projects.joinByInvitation(
                SignedInUser.required(ctx), ctx.pathParam("token"))
            .onSuccess(projectId -> Pages.seeOther(ctx, "/projects/" + projectId + "?done=joined"))
            .onFailure(ctx::fail));
        router.get("/projects/:projectId").handler(signedIn)
            .handler(ctx -> show(ctx, 200, null, Map.of(), new FormErrors()).onFailure(ctx::fail));
        router.get("/projects/:projectId/edit").handler(signedIn)
            .handler(ctx -> showEdit(ctx, 200, null, new FormErrors()).onFailure(ctx::fail));
        router.post("/projects/:projectId/edit").handler(signedIn).handler(this::edit);
        action(router, "follow", "following", (user, ctx) -> projects.follow(user, id(ctx), true));
        action(router, "unfollow", "unfollowed", (user, ctx) -> projects.follow(user, id(ctx), false));
        action(router, "stage", "stage", (user, ctx) -> projects.changeStage(user, id(ctx), field(ctx, "stageKey"),
            new JsonObject().put("status", field(ctx, "status"))));
        action(router, "tick", "stage", (user, ctx) -> projects.tickItem(user, id(ctx), field(ctx, "stageKey"),
            PathParams.uuid(ctx, "itemId", "Checklist item not found"), new JsonObject().put("done", "true".equals(field(ctx, "done")))));
        action(router, "updates", "update", (user, ctx) -> projects.addUpdate(user, id(ctx), new JsonObject()
            .put("period", period(field(ctx, "updates-period-year"), field(ctx, "updates-period")))
            .put("body", field(ctx, "updates-body"))
            .put("achievements", lines(field(ctx, "updates-achievements")))
            .put("nextSteps", lines(field(ctx, "updates-nextSteps")))));
        action(router, "hearings", "hearing", (user, ctx) -> projects.addHearing(user, id(ctx), new JsonObject()
            .put("body", field(ctx, "hearings-body")).put("date", date(ctx, "hearings-date"))
            .put("outcome", field(ctx, "hearings-outcome")).put("note", field(ctx, "hearings-note"))
            .put("paperUrl", field(ctx, "hearings-paperUrl"))
            .put("documentId", field(ctx, "hearings-documentId").isBlank() ? null : field(ctx, "hearings-documentId"))));
        action(router, "hearing-outcome", "hearing", (user, ctx) -> projects.changeHearing(user, id(ctx),
            PathParams.uuid(ctx, "itemId", "Hearing not found"), new JsonObject().put("outcome", field(ctx, "outcome"))));
        action(router, "decisions", "decision", (user, ctx) -> projects.addDecision(user, id(ctx), new JsonObject()
            .put("decision", field(ctx, "decisions-decision")).put("date", date(ctx, "decisions-date"))
            .put("expected", field(ctx, "decisions-expected")).put("decidedBy", field(ctx, "decisions-decidedBy"))
            .put("rationale", field(ctx, "decisions-rationale"))));
        action(router, "decision-made", "decision", (user, ctx) -> projects.makeDecision(user, id(ctx),
            PathParams.uuid(ctx, "itemId", "Decision not found"), new JsonObject()
                .put("date", date(ctx, "decision-made-date-" + ctx.pathParam("itemId")))
                .put("decidedBy", field(ctx, "decision-made-decidedBy-" + ctx.pathParam("itemId")))));
        action(router, "team", "team", (user, ctx) -> projects.addTeamMember(user, id(ctx), new JsonObject()
            .put("email", field(ctx, "team-email")).put("roleTitle", field(ctx, "team-roleTitle")), RequestOrigin.of(ctx)));
        action(router, "team-remove", "team", (user, ctx) -> projects.removeTeamMember(user, id(ctx),
            PathParams.uuid(ctx, "itemId", "Team member not found"), RequestOrigin.of(ctx)));
        // checklist wording and stage notes; the stage key or item id is the last part of the path
        action(router, "stage-notes", "stage", (user, ctx) -> projects.changeStage(user, id(ctx), ctx.pathParam("itemId"),
            new JsonObject().put("notes", field(ctx, "stage-notes-notes-" + ctx.pathParam("itemId")))));
        action(router, "item-add", "checklist", (user, ctx) -> projects.addItem(user, id(ctx), ctx.pathParam("itemId"),
            new JsonObject().put("text", field(ctx, "item-add-text-" + ctx.pathParam("itemId")))));
        action(router, "item-edit", "checklist", (user, ctx) -> projects.editItem(user, id(ctx), field(ctx, "stageKey"),
            PathParams.uuid(ctx, "itemId", "Checklist item not found"),
            new JsonObject().put("text", field(ctx, "item-edit-text-" + ctx.pathParam("itemId")))));
        action(router, "item-remove", "checklist", (user, ctx) -> projects.removeItem(user, id(ctx), field(ctx, "stageKey"),
            PathParams.uuid(ctx, "itemId", "Checklist item not found")));
        // impact measures
        action(router, "measures", "measure", (user, ctx) -> measures.create(user, id(ctx), new JsonObject()
            .put("name", field(ctx, "measures-name")).put("unit", field(ctx, "measures-unit"))
            .put("baseline", field(ctx, "measures-baseline")).put("target", field(ctx, "measures-target"))
            .put("direction", field(ctx, "measures-direction"))));
        action(router, "measure-remove", "measure-removed", (user, ctx) -> measureIn(ctx, false)
            .compose(measureId -> measures.delete(user, measureId)).map(new JsonObject()));
        action(router, "reading", "reading", (user, ctx) -> measureIn(ctx, false).compose(measureId -> measures.addReading(user,
            measureId, new JsonObject()
                .put("date", date(ctx, "reading-date-" + ctx.pathParam("itemId")))
                .put("value", field(ctx, "reading-value-" + ctx.pathParam("itemId")))
                .put("note", field(ctx, "reading-note-" + ctx.pathParam("itemId"))))));
        action(router, "reading-remove", "reading-removed", (user, ctx) -> measureIn(ctx, true)
            .compose(readingId -> measures.removeReading(user, readingId)));
    }

    /** The measure (or reading) a form names, once it is known to belong to the project whose page sent it. */
    private Future<UUID> measureIn(RoutingContext ctx, boolean reading) {
        UUID itemId = PathParams.uuid(ctx, "itemId", reading ? "Reading not found" : "Measure not found");
        return measures.requireIn(id(ctx), itemId, reading).map(itemId);
    }

    /** A form on the project page posting to {@code /projects/:id/<path>} (or {@code <path>/:itemId}). */
    private void action(Router router, String path, String done,
                        BiFunction<SignedInUser, RoutingContext, Future<JsonObject>> act) {
        io.vertx.core.Handler<RoutingContext> handler = ctx -> {
            SignedInUser user = SignedInUser.required(ctx);
            UUID projectId = id(ctx);
            act.apply(user, ctx)
                .onSuccess(v -> Pages.seeOther(ctx, "/projects/" + projectId + "?done=" + done + "#" + anchor(path)))
                .onFailure(err -> {
                    if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409)) {
                        Map<String, String> form = new HashMap<>();
                        ctx.request().formAttributes().forEach(e -> form.put(e.getKey(), e.getValue()));
                        // the page holds several forms, so each one's fields are named after it
                        FormErrors errors = new FormErrors();
                        String item = ctx.pathParam("itemId") == null ? "" : "-" + ctx.pathParam("itemId");
                        if (hub.fieldErrors().isEmpty()) {
                            errors.add(hub.field().map(f -> path + "-" + f + item).orElse(null), hub.getMessage());
                        }
                        hub.fieldErrors().forEach((f, message) -> errors.add(path + "-" + f + item, message));
                        show(ctx, hub.status(), path, form, errors).onFailure(ctx::fail);
                    } else {
                        ctx.fail(err);
                    }
                });
        };
        var signedIn = authentication.requireUserPage();
        router.post("/projects/:projectId/" + path).handler(signedIn).handler(handler);
        router.post("/projects/:projectId/" + path + "/:itemId").handler(signedIn).handler(handler);
    }

    private static String anchor(String path) {
        return switch (path) {
            case "updates" -> "updates";
            case "hearings", "hearing-outcome" -> "hearings";
            case "decisions" -> "decisions";
            case "team", "team-remove" -> "team";
            case "stage", "tick", "stage-notes", "item-add", "item-edit", "item-remove" -> "stages";
            case "measures", "measure-remove", "reading", "reading-remove" -> "measures";
            default -> "maincontent";
        };
    }

    private void list(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        networks.getBySlug(user, ctx.pathParam("slug")).compose(network ->
            projects.list(user, UUID.fromString(network.getString("id"))).compose(list -> {
                Map<String, Object> model = new HashMap<>();
                model.put("network", network.getMap());
                model.put("projects", words(list.getJsonArray("projects")).getList());
                model.put("mayCreate", list.getBoolean("mayCreate"));
                return pages.render(ctx, 200, "project/list", model);
            })).onFailure(ctx::fail);
    }

    private Future<Void> showNew(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        return networks.getBySlug(SignedInUser.required(ctx), ctx.pathParam("slug")).compose(network -> {
            if (!"organiser".equals(network.getString("myRole"))) {
                return Future.failedFuture(HubException.forbidden("Only an organiser of this network can start a project"));
            }
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("network", network.getMap());
            model.put("form", form);
            return pages.render(ctx, status, "project/new", model);
        });
    }

    private void create(RoutingContext ctx) {
        Map<String, String> form = Map.of("title", field(ctx, "title"), "summary", field(ctx, "summary"),
            "aims", field(ctx, "aims"));
        SignedInUser user = SignedInUser.required(ctx);
        networks.getBySlug(user, ctx.pathParam("slug"))
            .compose(network -> projects.create(user, UUID.fromString(network.getString("id")), new JsonObject()
                .put("title", form.get("title")).put("summary", form.get("summary")).put("aims", lines(form.get("aims")))))
            .onSuccess(project -> Pages.seeOther(ctx, "/projects/" + project.getString("id") + "?done=created"))
            .onFailure(err -> refused(err, errors -> showNew(ctx, 400, form, errors), ctx));
    }

    private Future<Void> show(RoutingContext ctx, int status, String failedForm, Map<String, String> form, FormErrors errors) {
        SignedInUser user = SignedInUser.required(ctx);
        return projects.get(user, id(ctx)).compose(project -> Future.all(networks.access(UUID.fromString(
                project.getString("networkId")), user.id()).map(access -> access.canSee()),
                measures.measures(UUID.fromString(project.getString("id"))), consultations.list(user, id(ctx)),
                project.getJsonObject("permissions").getBoolean("edit")
                    ? projects.libraryChoices(UUID.fromString(project.getString("networkId")))
                    : Future.succeededFuture(new JsonArray()))
            .compose(all -> {
            boolean inNetwork = all.resultAt(0);
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("measures", MeasureCharts.model(all.resultAt(1)));
            model.put("consultations", all.<JsonObject>resultAt(2).getJsonArray("consultations").getList());
            // only someone who reads the library is offered its documents (a project guest does not)
            model.put("library", inNetwork ? all.<JsonArray>resultAt(3).getList() : List.of());
            model.put("project", words(project).getMap());
            model.put("stageStatuses", List.of("not-started", "in-progress", "done", "not-applicable"));
            model.put("outcomes", List.of("pending", "approved", "deferred", "rejected"));
            model.put("failedForm", failedForm == null ? "" : failedForm);
            model.put("form", form);
            model.put("inNetwork", inNetwork);
            String done = ctx.request().getParam("done");
            if (done != null && DONE.containsKey(done)) {
                model.put("notice", DONE.get(done));
            } else if (done != null && MEASURES_DONE.containsKey(done)) {
                model.put("notice", MEASURES_DONE.get(done));
            }
            return pages.render(ctx, status, "project/show", model);
        }));
    }

    private Future<Void> showEdit(RoutingContext ctx, int status, Map<String, String> typed, FormErrors errors) {
        SignedInUser user = SignedInUser.required(ctx);
        return projects.get(user, id(ctx)).compose(project -> {
            if (!project.getJsonObject("permissions").getBoolean("edit")) {
                return Future.failedFuture(HubException.forbidden(
                    "Only the network's organisers and the project team can change this project"));
            }
            Map<String, String> form = typed != null ? typed : Map.of("title", project.getString("title"),
                "summary", project.getString("summary"),
                "aims", String.join("\n", project.getJsonArray("aims").getList()),
                "status", project.getString("status"),
                "outcome", java.util.Objects.requireNonNullElse(project.getString("outcome"), ""),
                "currentStage", project.getString("currentStage"), "version", String.valueOf(project.getInteger("version")));
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("project", words(project).getMap());
            model.put("form", form);
            return pages.render(ctx, status, "project/edit", model);
        });
    }

    private void edit(RoutingContext ctx) {
        Map<String, String> form = new HashMap<>();
        for (String name : List.of("title", "summary", "aims", "status", "outcome", "currentStage", "version")) {
            form.put(name, field(ctx, name));
        }
        JsonObject body = new JsonObject().put("title", form.get("title")).put("summary", form.get("summary"))
            .put("aims", lines(form.get("aims"))).put("status", form.get("status")).put("currentStage", form.get("currentStage"));
        if ("closed".equals(form.get("status"))) {
            body.put("outcome", form.get("outcome"));
        }
        try {
            body.put("version", Integer.parseInt(form.get("version")));
        } catch (NumberFormatException e) {
            // a form without its version saves over whatever is there, as an API client may choose to
        }
        UUID projectId = id(ctx);
        projects.update(SignedInUser.required(ctx), projectId, body)
            .onSuccess(project -> Pages.seeOther(ctx, "/projects/" + projectId + "?done=saved"))
            .onFailure(err -> {
                if (err instanceof uk.nhs.hub.platform.StaleVersion stale) {
                    form.put("version", String.valueOf(stale.current().getInteger("version")));
                }
                refused(err, errors -> showEdit(ctx, ((HubException) err).status(), form, errors), ctx);
            });
    }

    /** Adds the words pages show: dates in NHS.UK style, stage and status names. */
    private static JsonObject words(JsonObject project) {
        JsonObject copy = project.copy();
        if (copy.containsKey("status")) {
            copy.put("statusWords", statusWords(copy.getString("status")));
        }
        if (copy.containsKey("currentStage")) {
            copy.put("currentStageTitle", Stages.byKey(copy.getString("currentStage")).title());
        }
        if (copy.containsKey("latestUpdatePeriod")) {
            String period = copy.getString("latestUpdatePeriod");
            copy.put("latestUpdateWords", period == null ? "" : DateTimeWords.month(YearMonth.parse(period).atDay(1)));
        }
        for (Object o : copy.getJsonArray("updates", new JsonArray())) {
            JsonObject update = (JsonObject) o;
            update.put("periodWords", DateTimeWords.month(YearMonth.parse(update.getString("period")).atDay(1)));
            update.put("writtenWords", DateTimeWords.timestamp(update.getString("createdAt")));
        }
        for (Object o : copy.getJsonArray("hearings", new JsonArray())) {
            JsonObject hearing = (JsonObject) o;
            hearing.put("dateWords", DateTimeWords.date(LocalDate.parse(hearing.getString("date"))));
        }
        for (Object o : copy.getJsonArray("decisions", new JsonArray())) {
            JsonObject decision = (JsonObject) o;
            decision.put("dateWords", decision.getString("date") == null ? "" : DateTimeWords.date(LocalDate.parse(decision.getString("date"))));
        }
        for (Object o : copy.getJsonArray("stages", new JsonArray())) {
            JsonObject stage = (JsonObject) o;
            stage.put("statusWords", stage.getString("status").replace('-', ' '));
            for (Object i : stage.getJsonArray("checklist")) {
                JsonObject item = (JsonObject) i;
                item.put("doneWords", item.getString("doneAt") == null ? "" : DateTimeWords.timestamp(item.getString("doneAt")));
            }
        }
        return copy;
    }

    private static JsonArray words(JsonArray list) {
        JsonArray out = new JsonArray();
        list.forEach(o -> out.add(words((JsonObject) o)));
        return out;
    }

    private static String statusWords(String status) {
        return Character.toUpperCase(status.charAt(0)) + status.substring(1);
    }

    private static void refused(Throwable err, java.util.function.Function<FormErrors, Future<Void>> show, RoutingContext ctx) {
        if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409)) {
            show.apply(FormErrors.from(hub, null)).onFailure(ctx::fail);
        } else {
            ctx.fail(err);
        }
    }

    /** A month typed as its number and year, as the API's {@code 2027-03}; typed text that is no month is passed on for the service to refuse. */
    private static String period(String year, String month) {
        if (year.isEmpty() && month.isEmpty()) {
            return "";
        }
        return month.matches("[0-9]{1,2}") ? year + "-" + (month.length() == 1 ? "0" + month : month) : year + "-" + month;
    }

    /** An NHS.UK date input's day, month and year as the API's ISO date, or empty when nothing was typed. */
    private static String date(RoutingContext ctx, String name) {
        String day = field(ctx, name + "-day");
        String month = field(ctx, name + "-month");
        String year = field(ctx, name + "-year");
        if (day.isEmpty() && month.isEmpty() && year.isEmpty()) {
            return "";
        }
        return year + "-" + twoDigits(month) + "-" + twoDigits(day);
    }

    private static String twoDigits(String number) {
        return number.matches("[0-9]") ? "0" + number : number;
    }

    private static JsonArray lines(String text) {
        return new JsonArray(Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    private static UUID id(RoutingContext ctx) {
        return PathParams.uuid(ctx, "projectId", "Project not found");
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value.trim();
    }
}
