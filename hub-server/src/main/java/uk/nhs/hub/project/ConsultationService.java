package uk.nhs.hub.project;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.feedback.FeedbackAggregates;
import uk.nhs.hub.feedback.FeedbackForm;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.CsvCells;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.EmailAddresses;
import uk.nhs.hub.platform.EmailTemplates;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.Outbox;
import uk.nhs.hub.platform.SecretTokens;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A project's consultations: a question form of the same kinds as broadcast feedback ({@link FeedbackForm}), open
 * from {@code opensAt} until {@code closesAt}. Whoever may edit the project runs them and reads the results; whoever
 * may see the project answers; when the audience is {@code anyone-with-link}, so does anyone with its public link,
 * whose response counts only once they confirm it through a link emailed to the address they gave. One response per
 * account and one confirmed response per email address: a later one, while open, replaces the earlier. Outside the
 * window a response is 409 ({@code consultation_not_open} before it, {@code consultation_closed} after).
 */
final class ConsultationService {

    private static final Logger LOG = LoggerFactory.getLogger(ConsultationService.class);
    static final Set<String> AUDIENCES = Set.of("members", "anyone-with-link");
    private static final String NOT_FOUND = "Consultation not found";
    /** The groups a consultation's answers are summarised in, so that anonymity holds for each. */
    static final UUID MEMBERS_GROUP = new UUID(0, 1);
    static final UUID PUBLIC_GROUP = new UUID(0, 2);

    private final Vertx vertx;
    private final Pool pool;
    private final ProjectService projects;
    private final EmailTemplates emails;
    private final String baseUrl;
    private final Clock clock;

    ConsultationService(Vertx vertx, Pool pool, ProjectService projects, EmailTemplates emails, String baseUrl, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.projects = projects;
        this.emails = emails;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** A consultation with the project as the person finds it. */
    record Found(Row consultation, ProjectService.Seen project) {
        UUID id() {
            return consultation.getUUID("id");
        }
    }

    private record Fields(String title, OffsetDateTime opensAt, OffsetDateTime closesAt, FeedbackForm form, String audience,
                          boolean anonymous) {
    }

    Future<Found> found(UUID userId, UUID consultationId) {
        return pool.preparedQuery(ConsultationSql.ONE).execute(Tuple.of(consultationId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.failedFuture(HubException.notFound(NOT_FOUND));
            }
            Row row = rows.iterator().next();
            return projects.seen(userId, row.getUUID("project_id"))
                .recover(err -> Future.failedFuture(err instanceof HubException hub && hub.status() == 404
                    ? HubException.notFound(NOT_FOUND) : err))
                .map(seen -> new Found(row, seen));
        });
    }

    // ---- running consultations ----------------------------------------------------------------------------

    Future<JsonObject> create(SignedInUser actor, UUID projectId, JsonObject body) {
        Fields fields;
        try {
            fields = fields(body, null);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return projects.seen(actor.id(), projectId).compose(seen -> {
            seen.requireEdit();
            requireOrganiserForPublicLink(seen, fields.audience(), null);
            boolean alreadyOpen = !fields.opensAt().toInstant().isAfter(clock.instant());
            long[] activity = new long[1];
            return pool.withTransaction(tx -> tx.preparedQuery(ConsultationSql.INSERT).execute(Tuple.from(List.of(projectId,
                        fields.title(), fields.opensAt(), fields.closesAt(), fields.form().toJson(), fields.audience(),
                        fields.anonymous(), SecretTokens.newToken(), false, actor.id())))
                    .compose(rows -> bump(tx, projectId, activity).map(rows.iterator().next().getUUID("id"))))
                .onSuccess(id -> publish(projectId, activity[0]))
                .compose(id -> (alreadyOpen ? tellOpenedAfterCommit() : Future.<Void>succeededFuture()).map(id))
                .compose(id -> get(actor, id));
        });
    }

    Future<JsonObject> list(SignedInUser actor, UUID projectId) {
        return projects.seen(actor.id(), projectId).compose(seen -> describeAll(seen)
            .map(list -> new JsonObject().put("projectId", projectId.toString()).put("consultations", list)
                .put("mayCreate", seen.mayEdit())));
    }

    /** The project's consultations as a reader of the project sees them, for the API and the project page. */
    Future<JsonArray> describeAll(ProjectService.Seen seen) {
        return pool.preparedQuery(ConsultationSql.OF_PROJECT).execute(Tuple.of(seen.id())).map(rows -> {
            JsonArray list = new JsonArray();
            rows.forEach(row -> list.add(describe(row, seen, null)));
            return list;
        });
    }

    Future<JsonObject> get(SignedInUser actor, UUID consultationId) {
        return found(actor.id(), consultationId).compose(found -> pool.preparedQuery(ConsultationSql.YOUR_RESPONSE)
            .execute(Tuple.of(consultationId, actor.id()))
            .map(rows -> describe(found.consultation(), found.project(), rows.size() == 0 ? null : rows.iterator().next())));
    }

    Future<JsonObject> update(SignedInUser actor, UUID consultationId, JsonObject body) {
        return found(actor.id(), consultationId).compose(found -> {
            found.project().requireEdit();
            Row current = found.consultation();
            Fields fields = fields(body, current);
            boolean opened = !current.getOffsetDateTime("opens_at").toInstant().isAfter(clock.instant());
            boolean formChanged = body.containsKey("title") || body.containsKey("questions") || body.containsKey("audience")
                || body.containsKey("anonymous");
            if (opened && formChanged) {
                throw new HubException(409, "consultation_opened",
                    "This consultation has opened, so only its dates can change", null);
            }
            requireOrganiserForPublicLink(found.project(), fields.audience(), current.getString("audience"));
            UUID projectId = found.project().id();
            boolean opensNow = !fields.opensAt().toInstant().isAfter(clock.instant());
            long[] activity = new long[1];
            return pool.withTransaction(tx -> tx.preparedQuery(ConsultationSql.LOCK).execute(Tuple.of(consultationId))
                    .compose(locked -> {
                        // answers, even to a consultation whose opening was later moved back, fix its form: a
                        // changed question or a named summary would misread or unmask what people already said
                        if (formChanged && locked.iterator().next().getLong("answered") > 0) {
                            return Future.failedFuture(new HubException(409, "consultation_answered",
                                "People have answered this consultation, so only its dates can change", null));
                        }
                        return Future.succeededFuture();
                    })
                    .compose(v -> tx.preparedQuery(ConsultationSql.UPDATE).execute(Tuple.from(List.of(consultationId,
                        fields.title(), fields.opensAt(), fields.closesAt(), fields.form().toJson(), fields.audience(),
                        fields.anonymous()))))
                    .compose(v -> bump(tx, projectId, activity)))
                .onSuccess(v -> publish(projectId, activity[0]))
                .compose(v -> opensNow ? tellOpenedAfterCommit() : Future.<Void>succeededFuture())
                .compose(v -> get(actor, consultationId));
        });
    }

    /**
     * Opening a consultation to anyone with its link is the organisers' choice: a team member, who may be a guest
     * from outside the network, may run one for the team and the network's members only.
     */
    private static void requireOrganiserForPublicLink(ProjectService.Seen seen, String audience, String before) {
        if ("anyone-with-link".equals(audience) && !audience.equals(before) && !seen.mayOrganise()) {
            throw HubException.forbidden("Only an organiser of the network can open a consultation to anyone with its link");
        }
    }

    /** Tells followers of consultations that have just opened; a failure here never fails the committed change. */
    private Future<Void> tellOpenedAfterCommit() {
        return tellOpened().recover(err -> {
            LOG.warn("could not tell followers a consultation opened; the minute's check will: {}", err.toString());
            return Future.succeededFuture();
        });
    }

    // ---- answering ----------------------------------------------------------------------------------------

    Future<JsonObject> respond(SignedInUser actor, UUID consultationId, JsonObject body) {
        return found(actor.id(), consultationId).compose(found -> {
            Row c = found.consultation();
            requireOpenWindow(c);
            JsonObject answers = FeedbackForm.fromJson(questions(c)).check(body.getValue("answers"), true);
            UUID projectId = found.project().id();
            long[] activity = new long[1];
            return pool.withTransaction(tx -> tx.preparedQuery(ConsultationSql.LOCK).execute(Tuple.of(consultationId))
                    .compose(locked -> {
                        // the window is checked again under the lock, so a response cannot slip in as dates move
                        requireOpenWindow(locked.iterator().next());
                        return tx.preparedQuery(ConsultationSql.DROP_BY_PROVEN_ADDRESS).execute(Tuple.of(consultationId, actor.id()))
                            .compose(v -> tx.preparedQuery(ConsultationSql.RESPOND).execute(Tuple.of(consultationId, actor.id(), answers)));
                    })
                    .compose(rows -> bump(tx, projectId, activity).map(rows.iterator().next().getBoolean("created"))))
                .onSuccess(created -> publish(projectId, activity[0]))
                .compose(created -> get(actor, consultationId).map(json -> json.put("replaced", !created)));
        });
    }

    /** A consultation answerable through its public link, or 404: unknown token, or not open to anyone with it. */
    Future<Row> publicOne(String token) {
        if (token == null || token.length() > 100) {
            return Future.failedFuture(HubException.notFound(NOT_FOUND));
        }
        return pool.preparedQuery(ConsultationSql.BY_TOKEN).execute(Tuple.of(token)).map(rows -> {
            if (rows.size() == 0 || !"anyone-with-link".equals(rows.iterator().next().getString("audience"))) {
                throw HubException.notFound(NOT_FOUND);
            }
            return rows.iterator().next();
        });
    }

    /**
     * Holds a response sent through the public link and emails its confirmation link to the address given, in one
     * transaction; the response counts only once confirmed. The email goes whether or not the address has an account.
     */
    Future<Void> holdPublicResponse(String token, String email, Object answersGiven) {
        return publicOne(token).compose(c -> {
            String address = EmailAddresses.normalise(email == null ? "" : email);
            if (address.isEmpty()) {
                throw HubException.invalid("email", "Enter your email address");
            }
            if (!EmailAddresses.isValid(address)) {
                throw HubException.invalid("email", EmailAddresses.FORMAT_MESSAGE);
            }
            requireOpenWindow(c);
            JsonObject answers = FeedbackForm.fromJson(questions(c)).check(answersGiven, true);
            String confirmToken = SecretTokens.newToken();
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("title", c.getString("title"));
            model.put("closes", words(c.getOffsetDateTime("closes_at")));
            model.put("link", baseUrl + "/consultations/confirm?token=" + URLEncoder.encode(confirmToken, StandardCharsets.UTF_8));
            EmailTemplates.Rendered mail = emails.render("consultation-confirm", model);
            return pool.withTransaction(tx -> tx.preparedQuery(ConsultationSql.HOLD)
                .execute(Tuple.of(c.getUUID("id"), address, answers, SecretTokens.hash(confirmToken)))
                .compose(v -> Outbox.enqueue(tx, new Outbox.Message(address, mail.subject(), mail.text(), mail.html(), null, null))));
        });
    }

    /**
     * Confirms a held response: it now counts, replacing any earlier confirmed response from the same address.
     * 404 for an unknown or used link; 409 when the consultation is no longer open.
     */
    Future<JsonObject> confirm(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Future.failedFuture(HubException.notFound("This confirmation link is not recognised"));
        }
        long[] activity = new long[1];
        UUID[] project = new UUID[1];
        return pool.withTransaction(tx -> tx.preparedQuery(ConsultationSql.HELD).execute(Tuple.of(SecretTokens.hash(token)))
            .compose(rows -> {
                if (rows.size() == 0) {
                    return Future.failedFuture(HubException.notFound("This confirmation link is not recognised, or was used already"));
                }
                Row held = rows.iterator().next();
                requireOpenWindow(held);
                UUID consultationId = held.getUUID("consultation_id");
                return tx.preparedQuery(ConsultationSql.DROP_EARLIER).execute(Tuple.of(consultationId, held.getString("email")))
                    .compose(v -> tx.preparedQuery(ConsultationSql.CONFIRM).execute(Tuple.of(held.getUUID("id"))))
                    .compose(v -> bump(tx, held.getUUID("project_id"), activity))
                    .map(v -> {
                        project[0] = held.getUUID("project_id");
                        return new JsonObject().put("consultationId", consultationId.toString());
                    });
            })).onSuccess(v -> publish(project[0], activity[0]));
    }

    // ---- results ------------------------------------------------------------------------------------------

    /** The results for whoever runs the consultation: per-question aggregates, and each response unless anonymous. */
    Future<JsonObject> summary(SignedInUser actor, UUID consultationId) {
        return results(actor, consultationId).map(Results::summary);
    }

    Future<String> csv(SignedInUser actor, UUID consultationId) {
        return results(actor, consultationId).map(ConsultationService::csv);
    }

    private record Results(JsonObject summary, FeedbackForm form, List<Row> responses) {
    }

    private Future<Results> results(SignedInUser actor, UUID consultationId) {
        return found(actor.id(), consultationId).compose(found -> {
            found.project().requireEdit();
            return pool.preparedQuery(ConsultationSql.ANSWERS).execute(Tuple.of(consultationId)).map(rows -> {
                Row c = found.consultation();
                FeedbackForm form = FeedbackForm.fromJson(questions(c));
                boolean anonymous = c.getBoolean("anonymous");
                List<JsonObject> all = new ArrayList<>();
                Map<UUID, List<JsonObject>> byGroup = new LinkedHashMap<>();
                Map<UUID, String> names = new LinkedHashMap<>();
                names.put(MEMBERS_GROUP, "Project team and network members");
                if ("anyone-with-link".equals(c.getString("audience"))) {
                    names.put(PUBLIC_GROUP, "People answering through the link");
                }
                List<Row> responses = new ArrayList<>();
                JsonArray each = new JsonArray();
                for (Row row : rows) {
                    responses.add(row);
                    JsonObject answers = (JsonObject) row.getValue("answers");
                    all.add(answers);
                    byGroup.computeIfAbsent(row.getUUID("user_id") != null ? MEMBERS_GROUP : PUBLIC_GROUP, g -> new ArrayList<>())
                        .add(answers);
                    each.add(new JsonObject().put("respondent", respondent(row)).put("answers", answers)
                        .put("submittedAt", row.getOffsetDateTime("updated_at").toInstant().toString()));
                }
                JsonArray questions = new JsonArray();
                form.questions().forEach(q -> questions.add(FeedbackAggregates.question(q, all, byGroup, names, anonymous)));
                JsonObject summary = describe(c, found.project(), null)
                    .put("suppressedBelow", FeedbackAggregates.MIN_GROUP).put("results", questions)
                    .put("responsesList", anonymous ? null : each);
                return new Results(summary, form, responses);
            });
        });
    }

    private static String respondent(Row row) {
        return row.getUUID("user_id") != null ? row.getString("display_name") : row.getString("email");
    }

    private static String csv(Results results) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            List<String> header = new ArrayList<>(List.of("respondent", "submitted"));
            results.form().questions().forEach(q -> header.add(CsvCells.safe(q.label())));
            printer.printRecord(header);
            if (!results.summary().getBoolean("anonymous")) {
                for (Row row : results.responses()) {
                    List<String> line = new ArrayList<>(List.of(CsvCells.safe(respondent(row)),
                        DateTimeWords.timestamp(row.getOffsetDateTime("updated_at").toInstant())));
                    JsonObject answers = (JsonObject) row.getValue("answers");
                    results.form().questions().forEach(q -> line.add(CsvCells.safe(FeedbackAggregates.cell(q, List.of(answers)))));
                    printer.printRecord(line);
                }
            }
            List<String> total = new ArrayList<>(List.of("All responses", String.valueOf(results.summary().getInteger("responses"))));
            for (Object o : results.summary().getJsonArray("results")) {
                JsonObject q = (JsonObject) o;
                total.add(q.getBoolean("suppressed") ? "suppressed (fewer than " + FeedbackAggregates.MIN_GROUP + " responses)"
                    : CsvCells.safe(FeedbackAggregates.overall(q)));
            }
            printer.printRecord(total);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    // ---- telling followers --------------------------------------------------------------------------------

    /**
     * Tells the followers of each project whose consultation has opened and not yet been announced, once: the
     * consultations are claimed and marked in the same transaction as the notices, so two nodes never both tell.
     */
    Future<Void> tellOpened() {
        List<Notifications.Stored> told = new ArrayList<>();
        return pool.withTransaction(tx -> tx.preparedQuery(ConsultationSql.JUST_OPENED).execute().compose(opened -> {
                Future<Void> chain = Future.succeededFuture();
                for (Row c : opened) {
                    chain = chain.compose(v -> tellFollowers(tx, c)).map(stored -> {
                        told.addAll(stored);
                        return null;
                    });
                }
                return chain;
            }))
            .compose(v -> Notifications.announce(vertx, pool, told))
            .onFailure(err -> LOG.error("could not tell followers that a consultation opened", err));
    }

    private Future<List<Notifications.Stored>> tellFollowers(SqlClient tx, Row c) {
        UUID projectId = c.getUUID("project_id");
        String href = "/projects/" + projectId + "/consultations/" + c.getUUID("id");
        String subject = "Consultation open: " + c.getString("title");
        String said = "The project " + c.getString("project_title") + " has opened the consultation " + c.getString("title")
            + ". It closes " + words(c.getOffsetDateTime("closes_at")) + ".";
        return tx.preparedQuery(ProjectSql.FOLLOWERS).execute(Tuple.tuple().addValue(projectId).addValue(null)).compose(followers -> {
            List<Notifications.Notice> notices = new ArrayList<>();
            for (Row follower : followers) {
                notices.add(new Notifications.Notice(follower.getUUID("id"), Notifications.Kind.PROJECT_UPDATE,
                    c.getUUID("network_id"), subject, said, href, "project:" + projectId,
                    new Outbox.Message(follower.getString("email"), subject, said + "\n\n" + baseUrl + href + "\n", null, null, null)));
            }
            return Notifications.record(tx, notices);
        });
    }

    // ---- shared -------------------------------------------------------------------------------------------

    /** Raises the project's change counter, so that its open pages fetch the new response count once told. */
    private static Future<Void> bump(SqlClient tx, UUID projectId, long[] activity) {
        return tx.preparedQuery(ConsultationSql.BUMP_PROJECT).execute(Tuple.of(projectId)).map(rows -> {
            activity[0] = rows.iterator().next().getLong("activity");
            return null;
        });
    }

    /** After the change has committed: open pages of the project fetch it again. */
    private void publish(UUID projectId, long activity) {
        vertx.eventBus().publish(ProjectEvents.address(projectId),
            ProjectEvents.event(ProjectEvents.CONSULTATION_CHANGED, projectId, activity));
    }

    String state(Row c) {
        Instant now = clock.instant();
        if (now.isBefore(c.getOffsetDateTime("opens_at").toInstant())) {
            return "upcoming";
        }
        return now.isBefore(c.getOffsetDateTime("closes_at").toInstant()) ? "open" : "closed";
    }

    private void requireOpenWindow(Row c) {
        Instant now = clock.instant();
        if (now.isBefore(c.getOffsetDateTime("opens_at").toInstant())) {
            throw new HubException(409, "consultation_not_open", "This consultation opens "
                + words(c.getOffsetDateTime("opens_at")) + ". Come back then to answer it", null);
        }
        if (!now.isBefore(c.getOffsetDateTime("closes_at").toInstant())) {
            throw new HubException(409, "consultation_closed", "This consultation closed "
                + words(c.getOffsetDateTime("closes_at")) + ", so it takes no more responses", null);
        }
    }

    static String words(OffsetDateTime at) {
        return DateTimeWords.moment(at.atZoneSameInstant(DateTimeWords.READER), DateTimeWords.READER);
    }

    private static JsonArray questions(Row c) {
        Object stored = c.getValue("questions");
        return stored instanceof JsonArray array ? array : new JsonArray(String.valueOf(stored));
    }

    private JsonObject describe(Row c, ProjectService.Seen seen, Row yours) {
        UUID id = c.getUUID("id");
        boolean edit = seen.mayEdit();
        boolean open = "anyone-with-link".equals(c.getString("audience"));
        OffsetDateTime opens = c.getOffsetDateTime("opens_at");
        OffsetDateTime closes = c.getOffsetDateTime("closes_at");
        return new JsonObject().put("id", id.toString()).put("projectId", seen.id().toString())
            .put("projectTitle", seen.project().getString("title")).put("title", c.getString("title"))
            .put("opensAt", opens.toInstant().toString()).put("closesAt", closes.toInstant().toString())
            .put("opensWords", words(opens)).put("closesWords", words(closes))
            .put("state", state(c)).put("audience", c.getString("audience")).put("anonymous", c.getBoolean("anonymous"))
            .put("questions", questions(c)).put("responses", c.getLong("responses").intValue())
            .put("link", edit && open ? baseUrl + "/consultations/" + c.getString("public_token") : null)
            .put("yourResponse", yours == null ? null : new JsonObject().put("answers", yours.getValue("answers"))
                .put("submittedAt", yours.getOffsetDateTime("updated_at").toInstant().toString()))
            .put("permissions", new JsonObject().put("edit", edit).put("results", edit));
    }

    /** The consultation's fields from a create ({@code current} null) or a change (left-out fields kept). */
    private Fields fields(JsonObject body, Row current) {
        String title = current != null && body.getValue("title") == null ? current.getString("title")
            : ProjectService.required(body, "title", 200, "Enter the consultation's title");
        OffsetDateTime opensAt = moment(body, "opensAt", current == null ? null : current.getOffsetDateTime("opens_at"));
        OffsetDateTime closesAt = moment(body, "closesAt", current == null ? null : current.getOffsetDateTime("closes_at"));
        if (!closesAt.isAfter(opensAt)) {
            throw HubException.invalid("closesAt", "The closing date must be after the opening date");
        }
        FeedbackForm form = current != null && body.getValue("questions") == null ? FeedbackForm.fromJson(questions(current))
            : FeedbackForm.parse(body.getValue("questions"), "questions");
        String audience = ProjectService.optional(body, "audience", 20, current == null ? "members" : current.getString("audience"));
        if (!AUDIENCES.contains(audience)) {
            throw HubException.invalid("audience", "Audience must be members or anyone-with-link");
        }
        boolean anonymous = JsonBodies.bool(body, "anonymous", current != null && current.getBoolean("anonymous"));
        return new Fields(title, opensAt, closesAt, form, audience, anonymous);
    }

    private static OffsetDateTime moment(JsonObject body, String field, OffsetDateTime fallback) {
        String text = JsonBodies.text(body, field);
        if (text == null || text.isBlank()) {
            if (fallback != null) {
                return fallback;
            }
            throw HubException.invalid(field, "Enter the date and time, such as 2027-03-01T09:00:00Z");
        }
        try {
            OffsetDateTime at = OffsetDateTime.parse(text.strip());
            if (at.getYear() < 2000 || at.getYear() > 2100) {
                throw HubException.invalid(field, "Enter a date between 2000 and 2100");
            }
            return at;
        } catch (DateTimeException e) {
            throw HubException.invalid(field, "Enter a date and time with its offset, such as 2027-03-01T09:00:00Z");
        }
    }

}
