package uk.nhs.hub.project;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.feedback.FeedbackForm;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.TooManyRequestsException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consultation pages: setting one up, answering it (signed in, or through its public link with an email address to
 * confirm), and its results. Every form works without JavaScript; a refused one comes back with the NHS.UK error
 * summary and what was typed kept.
 */
final class ConsultationPages {

    /** Question rows on the set-up form; blank rows are left out. */
    static final int QUESTION_ROWS = 5;

    private final ConsultationService consultations;
    private final ProjectService projects;
    private final Authentication authentication;
    private final Pages pages;
    private final PublicFormLimit limit = new PublicFormLimit(Clock.systemUTC());

    ConsultationPages(ConsultationService consultations, ProjectService projects, Authentication authentication, Pages pages) {
        this.consultations = consultations;
        this.projects = projects;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        router.get("/projects/:projectId/consultations/new").handler(signedIn)
            .handler(ctx -> showNew(ctx, 200, Map.of(), new FormErrors()).onFailure(ctx::fail));
        router.post("/projects/:projectId/consultations").handler(signedIn).handler(this::create);
        router.get("/projects/:projectId/consultations/:consultationId").handler(signedIn)
            .handler(ctx -> show(ctx, 200, Map.of(), new FormErrors()).onFailure(ctx::fail));
        router.post("/projects/:projectId/consultations/:consultationId").handler(signedIn).handler(this::respond);
        router.get("/projects/:projectId/consultations/:consultationId/results").handler(signedIn).handler(this::results);
        router.get("/consultations/confirm").handler(this::showConfirm);
        router.post("/consultations/confirm").handler(this::confirm);
        router.get("/consultations/:token").handler(ctx -> showPublic(ctx, 200, Map.of(), new FormErrors()).onFailure(ctx::fail));
        router.post("/consultations/:token").handler(this::respondPublicly);
    }

    // ---- setting one up -----------------------------------------------------------------------------------

    private Future<Void> showNew(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        return projects.get(SignedInUser.required(ctx), projectId(ctx)).compose(project -> {
            if (!project.getJsonObject("permissions").getBoolean("edit")) {
                return Future.failedFuture(HubException.forbidden("Only the network's organisers and the project team can run a consultation"));
            }
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("project", project.getMap());
            model.put("form", form);
            model.put("rows", QUESTION_ROWS);
            model.put("types", FeedbackForm.TYPES);
            return pages.render(ctx, status, "project/consultation-new", model);
        });
    }

    private void create(RoutingContext ctx) {
        MultiMap sent = ctx.request().formAttributes();
        Map<String, String> form = new HashMap<>();
        sent.forEach(e -> form.put(e.getKey(), e.getValue()));
        JsonArray questions = new JsonArray();
        for (int i = 0; i < QUESTION_ROWS; i++) {
            String label = form.getOrDefault("q" + i + "-label", "").strip();
            if (label.isEmpty()) {
                continue;
            }
            JsonObject q = new JsonObject().put("id", "q" + (i + 1)).put("type", form.getOrDefault("q" + i + "-type", ""))
                .put("label", label).put("required", !"true".equals(form.get("q" + i + "-optional")));
            if ("single".equals(q.getString("type")) || "multiple".equals(q.getString("type"))) {
                q.put("options", lines(form.getOrDefault("q" + i + "-options", "")));
            }
            questions.add(q);
        }
        JsonObject body = new JsonObject().put("title", form.getOrDefault("title", ""))
            .put("opensAt", startOf(ctx, "opens", 0)).put("closesAt", startOf(ctx, "closes", 1))
            .put("audience", form.getOrDefault("audience", "members")).put("anonymous", "true".equals(form.get("anonymous")))
            .put("questions", questions);
        UUID projectId = projectId(ctx);
        consultations.create(SignedInUser.required(ctx), projectId, body)
            .onSuccess(c -> Pages.seeOther(ctx, "/projects/" + projectId + "/consultations/" + c.getString("id") + "?done=created"))
            .onFailure(err -> refused(ctx, err, errors -> showNew(ctx, ((HubException) err).status(), form, errors)));
    }

    // ---- answering, signed in -----------------------------------------------------------------------------

    private Future<Void> show(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        return consultation(ctx).compose(c -> projects.get(SignedInUser.required(ctx), projectId(ctx)).compose(project -> {
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("consultation", c.getMap());
            // the page follows the project's change counter, as the project page does, to refresh the response count
            model.put("activity", project.getLong("activity"));
            model.put("form", form);
            model.put("answers", c.getJsonObject("yourResponse") == null ? Map.of()
                : c.getJsonObject("yourResponse").getJsonObject("answers").getMap());
            String done = ctx.request().getParam("done");
            if ("created".equals(done)) {
                model.put("notice", "The consultation has been set up");
            } else if ("answered".equals(done)) {
                model.put("notice", "Your response has been saved");
            }
            return pages.render(ctx, status, "project/consultation", model);
        }));
    }

    private void respond(RoutingContext ctx) {
        MultiMap sent = ctx.request().formAttributes();
        SignedInUser user = SignedInUser.required(ctx);
        consultation(ctx).compose(c -> consultations.respond(user, UUID.fromString(c.getString("id")),
                new JsonObject().put("answers", FeedbackForm.answersFrom(c.getJsonArray("questions"), sent))))
            .onSuccess(c -> Pages.seeOther(ctx, "/projects/" + c.getString("projectId") + "/consultations/" + c.getString("id")
                + "?done=answered"))
            .onFailure(err -> refused(ctx, err, errors -> show(ctx, ((HubException) err).status(), typed(sent), errors)));
    }

    private void results(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        consultation(ctx).compose(c -> consultations.summary(user, UUID.fromString(c.getString("id")))).compose(summary -> {
            Map<String, Object> model = new HashMap<>();
            model.put("summary", summary.getMap());
            model.put("results", tables(summary.getJsonArray("results")));
            model.put("responses", summary.getJsonArray("responsesList") == null ? null : answered(summary));
            return pages.render(ctx, 200, "project/consultation-results", model);
        }).onFailure(ctx::fail);
    }

    /** Each question's aggregate as rows of a table: an answer and how many gave it; written answers by group. */
    private static List<Map<String, Object>> tables(JsonArray results) {
        List<Map<String, Object>> tables = new ArrayList<>();
        for (Object o : results) {
            JsonObject q = (JsonObject) o;
            Map<String, Object> table = new HashMap<>();
            table.put("label", q.getString("label"));
            table.put("type", q.getString("type"));
            table.put("suppressed", q.getBoolean("suppressed"));
            table.put("answered", q.getInteger("answered") == null ? 0 : q.getInteger("answered"));
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Map<String, Object>> written = new ArrayList<>();
            if (!q.getBoolean("suppressed")) {
                switch (q.getString("type")) {
                    case "single", "multiple" -> q.getJsonObject("counts").forEach(e -> rows.add(Map.of("answer", e.getKey(),
                        "count", e.getValue())));
                    case "rating" -> {
                        q.getJsonObject("distribution").forEach(e -> rows.add(Map.of("answer", e.getKey(), "count", e.getValue())));
                        table.put("mean", q.getValue("mean") == null ? "" : String.valueOf(q.getValue("mean")));
                    }
                    case "text" -> {
                        for (Object g : q.getJsonArray("byNetwork")) {
                            JsonObject group = (JsonObject) g;
                            written.add(Map.of("group", group.getString("name"), "answers", group.getJsonArray("answers").getList()));
                        }
                        table.put("hiddenGroups", q.getInteger("suppressedNetworks"));
                    }
                    default -> {
                        rows.add(Map.of("answer", "Yes", "count", q.getInteger("yes")));
                        rows.add(Map.of("answer", "No", "count", q.getInteger("no")));
                    }
                }
            }
            table.put("rows", rows);
            table.put("written", written);
            tables.add(table);
        }
        return tables;
    }

    /** Each named response with its answers in words, in the order of the questions. */
    private static List<Map<String, Object>> answered(JsonObject summary) {
        List<Map<String, Object>> list = new ArrayList<>();
        JsonArray questions = summary.getJsonArray("questions");
        for (Object o : summary.getJsonArray("responsesList")) {
            JsonObject response = (JsonObject) o;
            List<String> answers = new ArrayList<>();
            for (Object q : questions) {
                Object answer = response.getJsonObject("answers").getValue(((JsonObject) q).getString("id"));
                answers.add(answer == null ? "" : answer instanceof JsonArray many ? String.join(", ", many.stream()
                    .map(String::valueOf).toList()) : answer instanceof Boolean flag ? (flag ? "Yes" : "No") : String.valueOf(answer));
            }
            list.add(Map.of("respondent", java.util.Objects.requireNonNullElse(response.getString("respondent"), "A former member"),
                "submitted", uk.nhs.hub.platform.DateTimeWords.timestamp(response.getString("submittedAt")), "answers", answers));
        }
        return list;
    }

    /** The consultation, 404 unless it belongs to the project in the address. */
    private Future<JsonObject> consultation(RoutingContext ctx) {
        UUID projectId = projectId(ctx);
        return consultations.get(SignedInUser.required(ctx), PathParams.uuid(ctx, "consultationId", "Consultation not found"))
            .map(c -> {
                if (!projectId.toString().equals(c.getString("projectId"))) {
                    throw HubException.notFound("Consultation not found");
                }
                return c;
            });
    }

    // ---- answering through the public link ----------------------------------------------------------------

    private Future<Void> showPublic(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        return consultations.publicOne(ctx.pathParam("token")).compose(c -> {
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("consultation", Map.of("title", c.getString("title"), "state", consultations.state(c),
                "opensWords", ConsultationService.words(c.getOffsetDateTime("opens_at")),
                "closesWords", ConsultationService.words(c.getOffsetDateTime("closes_at")),
                "anonymous", c.getBoolean("anonymous"), "questions", questions(c).getList()));
            model.put("token", ctx.pathParam("token"));
            model.put("form", form);
            model.put("answers", Map.of());
            model.put("sent", "sent".equals(ctx.request().getParam("done")));
            return pages.render(ctx, status, "project/consultation-public", model);
        });
    }

    private void respondPublicly(RoutingContext ctx) {
        MultiMap sent = ctx.request().formAttributes();
        String token = ctx.pathParam("token");
        Future.succeededFuture().compose(v -> {
            limit.count(RequestOrigin.of(ctx).remoteAddress());
            return consultations.publicOne(token);
        }).compose(c -> consultations.holdPublicResponse(token, sent.get("email"), FeedbackForm.answersFrom(questions(c), sent)))
            .onSuccess(v -> Pages.seeOther(ctx, "/consultations/" + token + "?done=sent"))
            .onFailure(err -> {
                if (err instanceof TooManyRequestsException limited) {
                    ctx.response().putHeader("Retry-After", Long.toString(limited.retryAfterSeconds()));
                }
                refused(ctx, err, errors -> showPublic(ctx, ((HubException) err).status(), typed(sent), errors));
            });
    }

    private void showConfirm(RoutingContext ctx) {
        Map<String, Object> model = new HashMap<>(new FormErrors().model());
        String token = ctx.request().getParam("token");
        model.put("token", token == null ? "" : token);
        model.put("confirmed", false);
        pages.render(ctx, 200, "project/consultation-confirm", model).onFailure(ctx::fail);
    }

    private void confirm(RoutingContext ctx) {
        consultations.confirm(ctx.request().getFormAttribute("token")).compose(v -> {
            Map<String, Object> model = new HashMap<>(new FormErrors().model());
            model.put("token", "");
            model.put("confirmed", true);
            return pages.render(ctx, 200, "project/consultation-confirm", model);
        }).onFailure(err -> {
            if (err instanceof HubException hub && (hub.status() == 404 || hub.status() == 409)) {
                Map<String, Object> model = new HashMap<>(new FormErrors().add(null, hub.getMessage()).model());
                model.put("token", "");
                model.put("confirmed", false);
                pages.render(ctx, hub.status(), "project/consultation-confirm", model).onFailure(ctx::fail);
            } else {
                ctx.fail(err);
            }
        });
    }

    // ---- shared -------------------------------------------------------------------------------------------

    private static void refused(RoutingContext ctx, Throwable err, java.util.function.Function<FormErrors, Future<Void>> show) {
        if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409 || hub.status() == 429)) {
            String field = hub.field().map(f -> f.startsWith("answers.") ? "a-" + f.substring(8) : questionField(f)).orElse(null);
            show.apply(new FormErrors().add(field, hub.getMessage())).onFailure(ctx::fail);
        } else {
            ctx.fail(err);
        }
    }

    /** {@code questions[2].label} names the form's third row, {@code q2-label}. */
    private static String questionField(String field) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("questions\\[(\\d+)]\\.(\\w+)").matcher(field);
        if (m.matches()) {
            return "q" + m.group(1) + "-" + m.group(2);
        }
        return switch (field) {
            case "opensAt" -> "opens";
            case "closesAt" -> "closes";
            case "questions" -> "q0-label";
            default -> field;
        };
    }

    private static Map<String, String> typed(MultiMap sent) {
        Map<String, String> kept = new HashMap<>();
        sent.names().forEach(name -> kept.put(name, String.join("\n", sent.getAll(name))));
        return kept;
    }

    private static JsonArray questions(io.vertx.sqlclient.Row c) {
        Object stored = c.getValue("questions");
        return stored instanceof JsonArray array ? array : new JsonArray(String.valueOf(stored));
    }

    /** The start of a typed day in the reader's zone ({@code plusDays} later), as the API's moment; typed text passed on. */
    private static String startOf(RoutingContext ctx, String name, int plusDays) {
        String day = field(ctx, name + "-day");
        String month = field(ctx, name + "-month");
        String year = field(ctx, name + "-year");
        if (day.isEmpty() && month.isEmpty() && year.isEmpty()) {
            return "";
        }
        try {
            return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day)).plusDays(plusDays)
                .atStartOfDay(uk.nhs.hub.platform.DateTimeWords.READER).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC)
                .toString();
        } catch (RuntimeException e) {
            return "not a date";
        }
    }

    private static JsonArray lines(String text) {
        return new JsonArray(Arrays.stream(text.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value.trim();
    }

    private static UUID projectId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "projectId", "Project not found");
    }
}
