package uk.nhs.hub.broadcast;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.feedback.FeedbackForm;
import uk.nhs.hub.platform.DateInput;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.StaleVersion;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Broadcast pages: the list of broadcasts received and sent, the compose page (target picker over the network
 * tree and a form builder), the recipient page (read, acknowledge, discuss, draft and submit the network's
 * response), the form for a new version, and the centre's dashboard, which updates live.
 */
final class BroadcastPages {

    private static final Pattern QUESTION_FIELD = Pattern.compile("feedback\\.questions\\[(\\d+)]\\.(\\w+)");
    private static final Map<String, String> NOTICES = Map.of("sent", "Your broadcast has been sent",
        "acknowledged", "Thank you: your acknowledgement has been recorded", "draft", "The draft response has been saved",
        "submitted", "The response has been submitted", "version", "The new version has been sent",
        "chased", "Reminders have been sent to the organisers of the overdue networks",
        "paper-added", "The paper has been attached", "paper-removed", "The paper has been removed");

    private final BroadcastService broadcasts;
    private final BroadcastPapers papers;
    private final Authentication authentication;
    private final Pages pages;

    BroadcastPages(BroadcastService broadcasts, BroadcastPapers papers, Authentication authentication, Pages pages) {
        this.broadcasts = broadcasts;
        this.papers = papers;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        router.get("/broadcasts").handler(signedIn).handler(this::list);
        router.get("/broadcasts/new").handler(signedIn).handler(ctx -> compose(ctx, 200, null, new FormErrors()).onFailure(ctx::fail));
        router.post("/broadcasts").handler(signedIn).handler(this::send);
        router.get("/broadcasts/:broadcastId").handler(signedIn).handler(ctx -> show(ctx, 200, null, new FormErrors()).onFailure(ctx::fail));
        router.post("/broadcasts/:broadcastId/ack").handler(signedIn).handler(this::acknowledge);
        router.post("/broadcasts/:broadcastId/respond").handler(signedIn).handler(this::respond);
        router.get("/broadcasts/:broadcastId/discussion").handler(signedIn).handler(this::discussion);
        router.get("/broadcasts/:broadcastId/dashboard").handler(signedIn).handler(this::dashboard);
        router.post("/broadcasts/:broadcastId/chase").handler(signedIn).handler(this::chase);
        router.post("/broadcasts/:broadcastId/papers").handler(signedIn).handler(this::addPaper);
        router.post("/broadcasts/:broadcastId/papers/:documentId/remove").handler(signedIn).handler(ctx ->
            papers.remove(SignedInUser.required(ctx), id(ctx), PathParams.uuid(ctx, "documentId", "Paper not found"))
                .onSuccess(v -> Pages.seeOther(ctx, "/broadcasts/" + id(ctx) + "?done=paper-removed#papers"))
                .onFailure(ctx::fail));
        router.get("/broadcasts/:broadcastId/versions/new").handler(signedIn)
            .handler(ctx -> newVersion(ctx, 200, null, new FormErrors()).onFailure(ctx::fail));
        router.post("/broadcasts/:broadcastId/versions").handler(signedIn).handler(this::addVersion);
    }

    private void list(RoutingContext ctx) {
        broadcasts.list(SignedInUser.required(ctx)).compose(list -> {
            Map<String, Object> model = new HashMap<>();
            model.put("received", readable(list.getJsonArray("received")));
            model.put("sent", readable(list.getJsonArray("sent")));
            model.put("canSendFrom", list.getJsonArray("canSendFrom").getList());
            return pages.render(ctx, 200, "broadcast/list", model);
        }).onFailure(ctx::fail);
    }

    private static List<Object> readable(JsonArray items) {
        List<Object> out = new ArrayList<>();
        items.forEach(o -> {
            JsonObject item = ((JsonObject) o).copy();
            item.put("sentOn", when(item.getString("createdAt")));
            if (item.getString("deadline") != null) {
                item.put("due", when(item.getString("deadline")));
            }
            out.add(item.getMap());
        });
        return out;
    }

    // ---- compose ------------------------------------------------------------------------------------------

    private Future<Void> compose(RoutingContext ctx, int status, MultiMap form, FormErrors errors) {
        SignedInUser user = SignedInUser.required(ctx);
        return broadcasts.list(user).compose(list -> {
            JsonArray from = list.getJsonArray("canSendFrom");
            if (from.isEmpty()) {
                return Future.failedFuture(HubException.forbidden("Only members of a central team can send broadcasts"));
            }
            String chosen = form != null ? form.get("from") : ctx.request().getParam("from");
            if (chosen == null || chosen.isBlank()) {
                chosen = from.getJsonObject(0).getString("id");
            }
            String sender = chosen;
            return broadcasts.targetsFrom(user, uuid(sender)).compose(tree -> {
                Map<String, Object> model = new HashMap<>(errors.model());
                model.put("from", from.getList());
                model.put("sender", sender);
                model.put("tree", tree.getList());
                Map<String, Object> values = new HashMap<>();
                List<String> targets = new ArrayList<>();
                int questionCount = 2;
                if (form != null) {
                    form.names().forEach(name -> values.put(name, form.get(name)));
                    targets.addAll(form.getAll("target"));
                    questionCount = Math.max(1, Math.min(30, parseInt(form.get("questionCount"), 2)
                        + ("add-question".equals(form.get("action")) ? 1 : 0)));
                }
                List<Map<String, Object>> questions = new ArrayList<>();
                for (int i = 0; i < questionCount; i++) {
                    Map<String, Object> q = new HashMap<>();
                    q.put("index", i);
                    q.put("type", values.getOrDefault("q" + i + "-type", "single"));
                    q.put("label", values.getOrDefault("q" + i + "-label", ""));
                    q.put("options", values.getOrDefault("q" + i + "-options", ""));
                    q.put("required", form == null || "true".equals(values.get("q" + i + "-required")));
                    questions.add(q);
                }
                model.put("values", values);
                model.put("targets", targets);
                model.put("questions", questions);
                model.put("questionCount", questionCount);
                return pages.render(ctx, status, "broadcast/new", model);
            });
        });
    }

    /**
     * Compose, check, send: "send" checks the form and, if it is right, shows the check page (who it goes to, how
     * many people are emailed); only "confirm" there sends. "change" goes back to the form with everything kept.
     */
    private void send(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        String action = form.get("action");
        if ("add-question".equals(action) || "change-sender".equals(action) || "change".equals(action)) {
            compose(ctx, 200, form, new FormErrors()).onFailure(ctx::fail);
            return;
        }
        Map<String, String> typos = new LinkedHashMap<>();
        JsonObject body = broadcastBody(form, typos);
        SignedInUser user = SignedInUser.required(ctx);
        broadcasts.preview(user, body).compose(preview -> {
            if (!typos.isEmpty()) {
                return Future.failedFuture(HubException.invalidFields(typos));
            }
            if ("confirm".equals(action)) {
                return broadcasts.create(user, body)
                    .onSuccess(created -> Pages.seeOther(ctx, "/broadcasts/" + created.getString("id") + "/dashboard?done=sent"))
                    .mapEmpty();
            }
            return check(ctx, form, preview);
        }).onFailure(err -> {
            if (err instanceof HubException hub && hub.status() == 400 && !typos.isEmpty()) {
                Map<String, String> all = new LinkedHashMap<>(hub.fieldErrors());
                typos.forEach(all::putIfAbsent);
                composeFailed(ctx, form, HubException.invalidFields(all));
            } else {
                composeFailed(ctx, form, err);
            }
        });
    }

    /** The check page: what will be sent, to which networks and how many people, with everything typed kept hidden. */
    private Future<Void> check(RoutingContext ctx, MultiMap form, JsonObject preview) {
        Map<String, Object> model = new HashMap<>();
        List<Map<String, String>> kept = new ArrayList<>();
        form.names().forEach(name -> {
            if (!"action".equals(name) && !"csrf".equals(name)) {
                form.getAll(name).forEach(value -> kept.add(Map.of("name", name, "value", value)));
            }
        });
        model.put("kept", kept);
        model.put("title", text(form, "title"));
        model.put("networks", preview.getJsonArray("networks").getList());
        model.put("people", preview.getLong("people"));
        String deadline = deadline(form, new HashMap<>());
        if (!deadline.isEmpty()) {
            // Checked already by the preview: a date (the end of that day in London) or a date-time with offset.
            model.put("due", DateTimeWords.timestamp(deadline.length() == 10 ? java.time.LocalDate.parse(deadline).atTime(23, 59)
                .atZone(java.time.ZoneId.of("Europe/London")).toInstant() : OffsetDateTime.parse(deadline).toInstant()));
        }
        String mode = text(form, "feedbackMode");
        model.put("feedback", mode.equals("network") ? "One agreed response per network"
            : mode.equals("individual") ? "One response per person" : "No feedback form, acknowledgement only");
        return pages.render(ctx, 200, "broadcast/check", model);
    }

    private void composeFailed(RoutingContext ctx, MultiMap form, Throwable err) {
        if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 413)) {
            Map<String, String> byField = new LinkedHashMap<>();
            Map<String, String> reported = new LinkedHashMap<>(hub.fieldErrors());
            if (reported.isEmpty()) {
                reported.put(hub.field().orElse("title"), hub.getMessage());
            }
            reported.forEach((apiField, message) -> byField.putIfAbsent(pageField(apiField), message));
            // The summary lists errors in the order the fields appear on the page.
            List<String> order = List.of("from", "title", "body", "attachments", "deadline", "targets", "feedbackMode",
                "submitterRoleTitle");
            FormErrors errors = new FormErrors();
            order.forEach(field -> {
                if (byField.containsKey(field)) {
                    errors.add(field, byField.get(field));
                }
            });
            byField.forEach(errors::add);
            compose(ctx, hub.status(), form, errors).onFailure(ctx::fail);
        } else {
            ctx.fail(err);
        }
    }

    /** The id of the page field that an API error's field is shown against. */
    private static String pageField(String field) {
        Matcher question = QUESTION_FIELD.matcher(field);
        if (question.matches()) {
            return "q" + question.group(1) + "-" + question.group(2);
        } else if (field.startsWith("targets")) {
            return "targets";
        } else if (field.startsWith("feedback")) {
            return "feedbackMode";
        } else if (field.equals("networkId")) {
            return "from";
        }
        return field.isEmpty() ? "title" : field;
    }

    /**
     * The deadline from the NHS.UK date input (day, month and year fields) as the API's date, or what a form
     * without those fields sent as {@code deadline}; empty when none was given. A part-filled or impossible date
     * is noted in {@code typos} against {@code deadline}.
     */
    static String deadline(MultiMap form, Map<String, String> typos) {
        if (!DateInput.typed(name -> text(form, name), "deadline")) {
            return text(form, "deadline");
        }
        java.time.LocalDate date = DateInput.read(name -> text(form, name), "deadline", "The deadline",
            "The year of the deadline", null, typos);
        return date == null ? "" : date.toString();
    }

    /** The API body from the compose form. */
    static JsonObject broadcastBody(MultiMap form, Map<String, String> typos) {
        JsonObject body = new JsonObject().put("networkId", form.get("from")).put("title", text(form, "title"))
            .put("body", text(form, "body"));
        String deadline = deadline(form, typos);
        if (!deadline.isEmpty()) {
            body.put("deadline", deadline);
        }
        try {
            body.put("attachments", attachments(text(form, "attachments")));
        } catch (HubException e) {
            typos.put("attachments", e.getMessage());
        }
        body.put("targets", new JsonObject().put("networkIds", new JsonArray(new ArrayList<>(form.getAll("target"))))
            .put("includeDescendants", "true".equals(form.get("includeDescendants"))));
        String mode = text(form, "feedbackMode");
        if (mode.equals("network") || mode.equals("individual")) {
            JsonArray questions = new JsonArray();
            int count = parseInt(form.get("questionCount"), 0);
            for (int i = 0; i < count; i++) {
                String label = text(form, "q" + i + "-label");
                if (label.isEmpty()) {
                    continue;
                }
                JsonObject q = new JsonObject().put("id", "q" + (questions.size() + 1)).put("type", text(form, "q" + i + "-type"))
                    .put("label", label).put("required", "true".equals(form.get("q" + i + "-required")));
                String options = text(form, "q" + i + "-options");
                if (!options.isEmpty()) {
                    JsonArray list = new JsonArray();
                    for (String line : options.split("\\R")) {
                        if (!line.isBlank()) {
                            list.add(line.strip());
                        }
                    }
                    q.put("options", list);
                }
                questions.add(q);
            }
            body.put("feedback", new JsonObject().put("mode", mode).put("anonymous", "true".equals(form.get("anonymous")))
                .put("submitterRoleTitle", text(form, "submitterRoleTitle")).put("questions", questions));
        }
        return body;
    }

    /** Attachments written one per line as "Title | https://address". */
    private static JsonArray attachments(String text) {
        JsonArray list = new JsonArray();
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int bar = line.lastIndexOf('|');
            if (bar < 0) {
                throw HubException.invalid("attachments", "Write each attachment as: Title | https://address");
            }
            list.add(new JsonObject().put("title", line.substring(0, bar).strip()).put("url", line.substring(bar + 1).strip()));
        }
        return list;
    }

    // ---- the recipient page -------------------------------------------------------------------------------

    private Future<Void> show(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        return show(ctx, status, form, errors, null);
    }

    /**
     * @param stale when a save was refused because someone saved in between: what is stored now, shown beside
     *              what the person typed (which {@code form} keeps)
     */
    private Future<Void> show(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors, StaleVersion stale) {
        SignedInUser user = SignedInUser.required(ctx);
        return broadcasts.get(user, id(ctx)).compose(broadcast -> Future.all(papers.of(id(ctx)),
                broadcast.getBoolean("sender") ? papers.library(UUID.fromString(broadcast.getJsonObject("network").getString("id")))
                    : Future.succeededFuture(new JsonArray())).compose(both -> {
            JsonArray attached = both.resultAt(0);
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("papers", attached.getList());
            model.put("library", both.<JsonArray>resultAt(1).getList());
            List<Object> versions = new ArrayList<>();
            broadcast.getJsonArray("versions").forEach(o -> {
                JsonObject version = ((JsonObject) o).copy();
                version.put("sentOn", when(version.getString("createdAt")));
                versions.add(version.getMap());
            });
            model.put("broadcast", broadcast.getMap());
            model.put("latest", versions.get(0));
            model.put("earlier", versions.subList(1, versions.size()));
            if (broadcast.getString("deadline") != null) {
                model.put("due", when(broadcast.getString("deadline")));
            }
            model.put("questions", broadcast.getJsonArray("questions").getList());
            List<Object> mine = new ArrayList<>();
            broadcast.getJsonArray("myNetworks").forEach(o -> {
                JsonObject network = ((JsonObject) o).copy();
                JsonObject response = network.getJsonObject("response");
                if (response != null && response.getJsonArray("revisions") != null) {
                    List<Object> revisions = new ArrayList<>();
                    response.getJsonArray("revisions").forEach(r -> {
                        JsonObject revision = ((JsonObject) r).copy();
                        revision.put("when", when(revision.getString("submittedAt")));
                        revisions.add(revision.getMap());
                    });
                    response.put("revisionList", revisions);
                }
                if (response != null) {
                    response.put("savedWhen", StaleVersion.clockTime(OffsetDateTime.parse(response.getString("updatedAt")).toInstant()));
                }
                if (stale != null && network.getString("networkId").equals(stale.current().getString("networkId"))) {
                    network.put("theirs", theirs(broadcast.getJsonArray("questions"), stale.current(), form));
                }
                mine.add(network.getMap());
            });
            model.put("myNetworks", mine);
            model.put("form", form == null ? Map.of() : form);
            String done = ctx.request().getParam("done");
            if (done != null && NOTICES.containsKey(done)) {
                model.put("notice", NOTICES.get(done));
            }
            return pages.render(ctx, status, "broadcast/show", model);
        }));
    }

    private void acknowledge(RoutingContext ctx) {
        UUID id = id(ctx);
        broadcasts.acknowledge(SignedInUser.required(ctx), id)
            .onSuccess(v -> Pages.seeOther(ctx, "/broadcasts/" + id + "?done=acknowledged"))
            .onFailure(ctx::fail);
    }

    private void respond(RoutingContext ctx) {
        UUID id = id(ctx);
        SignedInUser user = SignedInUser.required(ctx);
        MultiMap form = ctx.request().formAttributes();
        boolean submit = !"draft".equals(form.get("action"));
        broadcasts.get(user, id).compose(broadcast -> {
            JsonObject answers = FeedbackForm.answersFrom(broadcast.getJsonArray("questions"), form);
            JsonObject body = new JsonObject().put("networkId", form.get("networkId")).put("answers", answers).put("submit", submit);
            if (form.get("version") != null) {
                body.put("version", parseInt(form.get("version"), -1));
            }
            return broadcasts.respond(user, id, body);
        }).onSuccess(result -> Pages.seeOther(ctx, "/broadcasts/" + id + "?done=" + result.getString("status") + "#respond"))
            .onFailure(err -> {
                if (err instanceof StaleVersion stale) {
                    Map<String, String> kept = new HashMap<>();
                    form.names().forEach(name -> kept.put(name, String.join("\n", form.getAll(name))));
                    JsonObject current = stale.current();
                    String message = (current.getString("savedBy") == null ? "Someone in your network" : current.getString("savedBy"))
                        + " saved this at " + StaleVersion.clockTime(OffsetDateTime.parse(current.getString("updatedAt")).toInstant())
                        + ", after you opened it. What you typed is kept below, with what they saved beside it: check it, then save again.";
                    show(ctx, 409, kept, new FormErrors().add("response-" + current.getString("networkId"), message), stale)
                        .onFailure(ctx::fail);
                } else if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409 || hub.status() == 403)
                        && !"Broadcast not found".equals(hub.getMessage())) {
                    Map<String, String> kept = new HashMap<>();
                    form.names().forEach(name -> kept.put(name, String.join("\n", form.getAll(name))));
                    String field = hub.field().map(f -> f.startsWith("answers.") ? "a-" + f.substring(8) : f).orElse(null);
                    show(ctx, hub.status(), kept, new FormErrors().add(field, hub.getMessage())).onFailure(ctx::fail);
                } else {
                    ctx.fail(err);
                }
            });
    }

    /**
     * Per answer field, what the other person saved, in words, where it differs from what this person typed; the
     * saver's name comes along as {@code by}.
     */
    private static Map<String, Object> theirs(JsonArray questions, JsonObject current, Map<String, String> typed) {
        Map<String, Object> theirs = new HashMap<>();
        JsonObject answers = current.getJsonObject("answers", new JsonObject());
        for (Object o : questions) {
            JsonObject q = (JsonObject) o;
            String field = "a-" + q.getString("id");
            Object saved = answers.getValue(q.getString("id"));
            String yours = typed.getOrDefault(field, "");
            String savedText = switch (q.getString("type")) {
                case "risk" -> saved == null ? "" : Boolean.TRUE.equals(saved) ? "yes" : "no";
                case "multiple" -> saved instanceof JsonArray list ? String.join("\n", list.stream().map(String::valueOf).toList()) : "";
                default -> saved == null ? "" : String.valueOf(saved);
            };
            if (savedText.equals(yours.strip())) {
                continue;
            }
            String words = switch (q.getString("type")) {
                case "risk" -> savedText.isEmpty() ? "" : "yes".equals(savedText) ? "Yes, this is a local risk" : "No";
                case "multiple" -> savedText.replace("\n", ", ");
                default -> savedText;
            };
            theirs.put(field, words.isEmpty() ? "nothing (they left it blank)" : words);
        }
        theirs.put("by", current.getString("savedBy") == null ? "Someone in your network" : current.getString("savedBy"));
        return theirs;
    }

    private void discussion(RoutingContext ctx) {
        UUID id = id(ctx);
        String network = ctx.request().getParam("network");
        if (network == null) {
            ctx.fail(HubException.notFound("Choose the network whose discussion to open"));
            return;
        }
        broadcasts.discussion(SignedInUser.required(ctx), id, uuid(network))
            .onSuccess(threadId -> Pages.seeOther(ctx, "/threads/" + threadId))
            .onFailure(ctx::fail);
    }

    // ---- the centre ---------------------------------------------------------------------------------------

    private void dashboard(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID id = id(ctx);
        broadcasts.summary(user, id).compose(summary -> {
            Map<String, Object> model = new HashMap<>();
            String sort = ctx.request().getParam("sort");
            sort = "acknowledged".equals(sort) || ("responded".equals(sort) && summary.getString("mode") != null) ? sort : "network";
            String show = ctx.request().getParam("show");
            show = "not-acknowledged".equals(show) || ("not-responded".equals(show) && summary.getString("mode") != null) ? show : "all";
            List<JsonObject> rows = new ArrayList<>();
            String shown = show;
            summary.getJsonArray("networks").forEach(o -> {
                JsonObject network = (JsonObject) o;
                if (shown.equals("all") || (shown.equals("not-acknowledged") && !network.getBoolean("acknowledged"))
                        || (shown.equals("not-responded") && !network.getBoolean("responded"))) {
                    rows.add(network);
                }
            });
            if (!sort.equals("network")) {
                // Those still to do first: the centre sorts by status to see who to chase. The sort is stable, so
                // within each status the tree order stays.
                String by = sort;
                rows.sort(java.util.Comparator.comparing(network -> network.getBoolean(by)));
            }
            model.put("summary", summary.getMap());
            model.put("chartModels", DashboardCharts.of(summary));
            model.put("rows", rows.stream().map(JsonObject::getMap).toList());
            model.put("sort", sort);
            model.put("show", show);
            model.put("broadcastId", id.toString());
            if (summary.getString("deadline") != null) {
                model.put("due", when(summary.getString("deadline")));
            }
            String done = ctx.request().getParam("done");
            if (done != null && NOTICES.containsKey(done)) {
                model.put("notice", NOTICES.get(done));
            }
            return pages.render(ctx, 200, "broadcast/dashboard", model);
        }).onFailure(ctx::fail);
    }

    /** Attaches a library document; a refusal shows beside the form's select, with the choice kept. */
    private void addPaper(RoutingContext ctx) {
        UUID id = id(ctx);
        String documentId = ctx.request().getFormAttribute("paperDocumentId");
        JsonObject body = new JsonObject().put("documentId", documentId == null || documentId.isBlank() ? null : documentId.trim());
        Future.succeededFuture().compose(v -> papers.add(SignedInUser.required(ctx), id, body))
            .onSuccess(v -> Pages.seeOther(ctx, "/broadcasts/" + id + "?done=paper-added#papers"))
            .onFailure(err -> {
                if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409)) {
                    show(ctx, hub.status(), Map.of("paperDocumentId", documentId == null ? "" : documentId),
                        new FormErrors().add("paperDocumentId", hub.getMessage())).onFailure(ctx::fail);
                } else {
                    ctx.fail(err);
                }
            });
    }

    private void chase(RoutingContext ctx) {
        UUID id = id(ctx);
        broadcasts.chase(SignedInUser.required(ctx), id)
            .onSuccess(result -> Pages.seeOther(ctx, "/broadcasts/" + id + "/dashboard?done=chased"))
            .onFailure(ctx::fail);
    }

    private Future<Void> newVersion(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID id = id(ctx);
        return broadcasts.summary(user, id).compose(summary -> broadcasts.get(user, id).compose(broadcast -> {
            Map<String, Object> model = new HashMap<>(errors.model());
            JsonObject latest = broadcast.getJsonArray("versions").getJsonObject(0);
            Map<String, String> values = new HashMap<>();
            values.put("title", latest.getString("title"));
            values.put("body", latest.getString("body"));
            if (form != null) {
                values.putAll(form);
            }
            model.put("values", values);
            model.put("broadcast", broadcast.getMap());
            List<Object> responded = new ArrayList<>();
            summary.getJsonArray("networks").forEach(o -> {
                JsonObject network = (JsonObject) o;
                if (network.getBoolean("responded")) {
                    responded.add(network.getMap());
                }
            });
            model.put("responded", responded);
            return pages.render(ctx, status, "broadcast/version", model);
        }));
    }

    private void addVersion(RoutingContext ctx) {
        UUID id = id(ctx);
        MultiMap form = ctx.request().formAttributes();
        JsonObject body = new JsonObject().put("title", text(form, "title")).put("body", text(form, "body"))
            .put("changeSummary", text(form, "changeSummary")).put("youSaid", text(form, "youSaid"))
            .put("citedNetworkIds", new JsonArray(new ArrayList<>(form.getAll("cited"))));
        broadcasts.addVersion(SignedInUser.required(ctx), id, body)
            .onSuccess(v -> Pages.seeOther(ctx, "/broadcasts/" + id + "/dashboard?done=version"))
            .onFailure(err -> {
                if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 413)) {
                    Map<String, String> kept = new HashMap<>();
                    form.names().forEach(name -> kept.put(name, form.get(name)));
                    newVersion(ctx, hub.status(), kept, FormErrors.from(hub, "body")).onFailure(ctx::fail);
                } else {
                    ctx.fail(err);
                }
            });
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    private static String text(MultiMap form, String name) {
        String value = form.get(name);
        return value == null ? "" : value.trim();
    }

    private static int parseInt(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw HubException.notFound("Network not found");
        }
    }

    private static UUID id(RoutingContext ctx) {
        return PathParams.uuid(ctx, "broadcastId", "Broadcast not found");
    }

    static String when(String iso) {
        return DateTimeWords.timestamp(iso);
    }
}
