package uk.nhs.hub.meeting;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.StaleVersion;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Meeting pages: a network's meetings list, the scheduling form with a readable preview of the next
 * occurrences, and the meeting page where members reply to each occurrence and see the counts change live.
 */
final class MeetingPages {

    private static final java.time.ZoneId LONDON = java.time.ZoneId.of("Europe/London");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.UK);
    /** The most members offered as someone's delegate on the meeting page. */
    private static final int DELEGATE_CHOICES = 500;
    private static final List<String> FORM_FIELDS = List.of("title", "description", "date", "time", "timeZone",
        "durationMinutes", "rrule", "location", "onlineUrl", "capacity", "requiredRoleTitles", "reminderHours",
        "guestAllowance");

    private final MeetingService meetings;
    private final RsvpService rsvps;
    private final AttendanceService attendance;
    private final Representation representation;
    private final NetworkService networks;
    private final Authentication authentication;
    private final Pages pages;

    MeetingPages(MeetingService meetings, RsvpService rsvps, AttendanceService attendance, Representation representation,
                 NetworkService networks, Authentication authentication, Pages pages) {
        this.meetings = meetings;
        this.rsvps = rsvps;
        this.attendance = attendance;
        this.representation = representation;
        this.networks = networks;
        this.authentication = authentication;
        this.pages = pages;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        router.get("/networks/:slug/meetings").handler(signedIn).handler(this::list);
        router.get("/networks/:slug/meetings/new").handler(signedIn).handler(this::newForm);
        router.post("/networks/:slug/meetings").handler(signedIn).handler(this::create);
        router.get("/meetings/:meetingId").handler(signedIn).handler(this::show);
        router.get("/meetings/:meetingId/edit").handler(signedIn).handler(this::editForm);
        router.post("/meetings/:meetingId/edit").handler(signedIn).handler(this::edit);
        router.post("/meetings/:meetingId/delete").handler(signedIn).handler(this::delete);
        router.post("/meetings/:meetingId/rsvp").handler(signedIn).handler(this::reply);
        router.get("/meetings/:meetingId/register").handler(signedIn).handler(this::register);
        router.post("/meetings/:meetingId/register").handler(signedIn).handler(this::saveRegister);
        router.get("/networks/:slug/attendance").handler(signedIn).handler(this::report);
    }

    /** Readable start and end of an occurrence, in the meeting's own time zone. */
    static Map<String, Object> when(ZonedDateTime start, ZonedDateTime end) {
        Map<String, Object> when = new HashMap<>();
        when.put("day", start.format(DAY));
        when.put("time", start.format(TIME) + " to " + end.format(TIME) + " "
            + start.getZone().getDisplayName(java.time.format.TextStyle.SHORT, Locale.UK));
        when.put("month", start.format(MONTH));
        when.put("iso", start.toOffsetDateTime().toString());
        return when;
    }

    /** The next occurrences of a network's meetings, for the network page. */
    Future<List<Map<String, Object>>> upcoming(SignedInUser viewer, UUID networkId, int limit) {
        return meetings.ofNetwork(viewer, networkId, null, null).map(list -> entries(list).stream()
            .filter(entry -> !"cancelled".equals(entry.get("status"))).limit(limit).toList());
    }

    /** Occurrences of meetings (each with its {@code occurrences}) as page entries, soonest first. */
    static List<Map<String, Object>> entries(JsonArray meetingsWithOccurrences) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Object item : meetingsWithOccurrences) {
            JsonObject meeting = (JsonObject) item;
            java.time.ZoneId zone = java.time.ZoneId.of(meeting.getString("timeZone"));
            for (Object o : meeting.getJsonArray("occurrences")) {
                JsonObject occurrence = (JsonObject) o;
                ZonedDateTime start = OffsetDateTime.parse(occurrence.getString("start")).atZoneSameInstant(zone);
                ZonedDateTime end = OffsetDateTime.parse(occurrence.getString("end")).atZoneSameInstant(zone);
                Map<String, Object> entry = new HashMap<>(when(start, end));
                entry.put("title", meeting.getString("title"));
                entry.put("theme", occurrence.getString("theme"));
                entry.put("status", occurrence.getString("status"));
                entry.put("href", "/meetings/" + meeting.getString("id"));
                entry.put("occurrenceHref", "/meetings/" + meeting.getString("id") + "/occurrence?start="
                    + URLEncoder.encode(occurrence.getString("originalStart"), StandardCharsets.UTF_8));
                entry.put("date", start.toLocalDate());
                entry.put("sort", start.toInstant().toString());
                entries.add(entry);
            }
        }
        entries.sort((a, b) -> ((String) a.get("sort")).compareTo((String) b.get("sort")));
        return entries;
    }

    private void list(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        boolean monthView = "month".equals(ctx.request().getParam("view"));
        YearMonth month;
        try {
            String requested = ctx.request().getParam("month");
            month = requested == null || requested.isBlank() ? YearMonth.now(LONDON) : YearMonth.parse(requested);
        } catch (java.time.format.DateTimeParseException e) {
            ctx.fail(HubException.notFound("Choose a month like 2027-01"));
            return;
        }
        // The month's window is a day wider on each side, so meetings in any time zone that fall on its dates are found.
        String from = monthView ? month.atDay(1).minusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toString() : null;
        String to = monthView ? month.plusMonths(1).atDay(2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toString() : null;
        networks.getBySlug(user, ctx.pathParam("slug")).compose(network ->
            meetings.ofNetwork(user, UUID.fromString(network.getString("id")), from, to).compose(list -> {
                Map<String, Object> model = new HashMap<>();
                model.put("network", network.getMap());
                if ("deleted".equals(ctx.request().getParam("done"))) {
                    model.put("notice", "The meeting has been deleted");
                }
                if (monthView) {
                    model.put("month", monthModel(month, entries(list)));
                    return pages.render(ctx, 200, "meeting/month", model);
                }
                model.put("months", byMonth(entries(list)));
                model.put("thisMonth", YearMonth.now(LONDON).toString());
                return pages.render(ctx, 200, "meeting/list", model);
            })).onFailure(ctx::fail);
    }

    /** Entries grouped under the name of their month, in order. */
    static List<Map<String, Object>> byMonth(List<Map<String, Object>> entries) {
        Map<String, List<Map<String, Object>>> byMonth = new LinkedHashMap<>();
        entries.forEach(entry -> byMonth.computeIfAbsent((String) entry.get("month"), m -> new ArrayList<>()).add(entry));
        List<Map<String, Object>> months = new ArrayList<>();
        byMonth.forEach((name, items) -> months.add(Map.of("name", name, "items", items)));
        return months;
    }

    /** A month as weeks of seven days, Monday first, each day with its meetings (on their own local dates). */
    static Map<String, Object> monthModel(YearMonth month, List<Map<String, Object>> entries) {
        java.time.LocalDate first = month.atDay(1);
        java.time.LocalDate day = first.minusDays(first.getDayOfWeek().getValue() - 1L);
        List<List<Map<String, Object>>> weeks = new ArrayList<>();
        while (!day.isAfter(month.atEndOfMonth())) {
            List<Map<String, Object>> week = new ArrayList<>();
            for (int i = 0; i < 7; i++, day = day.plusDays(1)) {
                java.time.LocalDate date = day;
                Map<String, Object> cell = new HashMap<>();
                cell.put("number", date.getDayOfMonth());
                cell.put("label", date.format(DAY));
                cell.put("inMonth", YearMonth.from(date).equals(month));
                cell.put("items", entries.stream().filter(entry -> date.equals(entry.get("date"))).toList());
                week.add(cell);
            }
            weeks.add(week);
        }
        return Map.of("name", month.atDay(1).format(MONTH), "weeks", weeks,
            "previous", month.minusMonths(1).toString(), "previousName", month.minusMonths(1).atDay(1).format(MONTH),
            "next", month.plusMonths(1).toString(), "nextName", month.plusMonths(1).atDay(1).format(MONTH),
            "empty", entries.stream().noneMatch(entry -> YearMonth.from((java.time.LocalDate) entry.get("date")).equals(month)));
    }

    private void newForm(RoutingContext ctx) {
        Map<String, String> form = new HashMap<>();
        form.put("timeZone", "Europe/London");
        form.put("durationMinutes", "120");
        showForm(ctx, 200, form, new FormErrors(), null).onFailure(ctx::fail);
    }

    private Future<Void> showForm(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors,
                                  Map<String, Object> preview) {
        if (ctx.pathParam("meetingId") != null) {
            return meetings.organised(SignedInUser.required(ctx), meetingId(ctx), "Only an organiser of this network can change its meetings")
                .compose(visible -> meetings.savedBy(visible.meeting()).compose(savedBy -> renderForm(ctx, status, form, errors, preview,
                    Map.of("meeting", visible.meeting().toJson().getMap(), "action", "/meetings/" + visible.meeting().id() + "/edit",
                        "lastSaved", Map.of("by", savedBy == null ? "" : savedBy,
                            "when", StaleVersion.clockTime(visible.meeting().updatedAt().toInstant()))))));
        }
        return networks.getBySlug(SignedInUser.required(ctx), ctx.pathParam("slug")).compose(network -> {
            if (!network.getJsonObject("permissions").getBoolean("edit")) {
                return Future.failedFuture(HubException.forbidden("Only an organiser of this network can schedule its meetings"));
            }
            return renderForm(ctx, status, form, errors, preview, Map.of("network", network.getMap(),
                "action", "/networks/" + network.getString("slug") + "/meetings"));
        });
    }

    private Future<Void> renderForm(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors,
                                    Map<String, Object> preview, Map<String, Object> target) {
        Map<String, Object> model = new HashMap<>(errors.model());
        model.putAll(target);
        model.put("form", form);
        if (preview != null && preview.containsKey("theirs")) {
            model.putAll(preview);
        } else if (preview != null && preview.containsKey("droppedDates")) {
            model.put("droppedDates", preview.get("droppedDates"));
        } else if (preview != null) {
            model.put("preview", preview);
        }
        return pages.render(ctx, status, "meeting/new", model);
    }

    private void editForm(RoutingContext ctx) {
        meetings.organised(SignedInUser.required(ctx), meetingId(ctx), "Only an organiser of this network can change its meetings")
            .compose(visible -> {
                Meeting meeting = visible.meeting();
                Map<String, String> form = new HashMap<>();
                form.put("title", meeting.title());
                form.put("description", meeting.description() == null ? "" : meeting.description());
                form.put("date", meeting.schedule().start().toLocalDate().toString());
                form.put("time", meeting.schedule().start().toLocalTime().toString());
                form.put("timeZone", meeting.schedule().zone().getId());
                form.put("durationMinutes", String.valueOf(meeting.durationMinutes()));
                form.put("rrule", meeting.schedule().rrule() == null ? "" : meeting.schedule().rrule());
                form.put("location", meeting.location() == null ? "" : meeting.location());
                form.put("onlineUrl", meeting.onlineUrl() == null ? "" : meeting.onlineUrl());
                form.put("capacity", meeting.capacity() == null ? "" : meeting.capacity().toString());
                form.put("requiredRoleTitles", String.join(", ", meeting.requiredRoleTitles()));
                form.put("reminderHours", meeting.reminderHours() == null ? "" : meeting.reminderHours().toString());
                form.put("guestAllowance", meeting.guestAllowance() == null ? "" : meeting.guestAllowance().toString());
                return showForm(ctx, 200, form, new FormErrors(), null);
            }).onFailure(ctx::fail);
    }

    private void edit(RoutingContext ctx) {
        UUID id = meetingId(ctx);
        submitForm(ctx, body -> meetings.update(SignedInUser.required(ctx), id, body)
            .onSuccess(meeting -> Pages.seeOther(ctx, "/meetings/" + id + "?done=updated")));
    }

    private void delete(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID id = meetingId(ctx);
        meetings.organised(user, id, "Only an organiser of this network can delete its meetings")
            .compose(visible -> meetings.delete(user, id).map(v -> visible.access().network().slug()))
            .onSuccess(slug -> Pages.seeOther(ctx, "/networks/" + slug + "/meetings?done=deleted"))
            .onFailure(ctx::fail);
    }

    private void create(RoutingContext ctx) {
        submitForm(ctx, body -> networks.accessBySlug(ctx.pathParam("slug"), SignedInUser.required(ctx).id())
            .compose(access -> meetings.create(SignedInUser.required(ctx), access.requireVisible().network().id(), body))
            .onSuccess(meeting -> Pages.seeOther(ctx, "/meetings/" + meeting.id())));
    }

    /**
     * The scheduling form, new or changed: "Preview the dates" shows the readable rule and the next dates without
     * saving; saving runs {@code save}, and a mistake the organiser can correct re-shows the form with it.
     */
    private void submitForm(RoutingContext ctx, java.util.function.Function<JsonObject, Future<?>> save) {
        Map<String, String> form = new HashMap<>();
        for (String field : FORM_FIELDS) {
            String value = ctx.request().getFormAttribute(field);
            form.put(field, value == null ? "" : value.trim());
        }
        String version = ctx.request().getFormAttribute(StaleVersion.FIELD);
        form.put(StaleVersion.FIELD, version == null ? "" : version.trim());
        boolean previewOnly = "preview".equals(ctx.request().getFormAttribute("action"));
        Future<?> result;
        try {
            JsonObject body = body(form);
            if ("confirm".equals(ctx.request().getFormAttribute("action"))) {
                body.put(DroppedChanges.FIELD, true);
            }
            if (!form.get(StaleVersion.FIELD).isEmpty()) {
                body.put(StaleVersion.FIELD, number(form.get(StaleVersion.FIELD), StaleVersion.FIELD,
                    "Open the meeting's change page again and make your change there"));
            }
            if (previewOnly) {
                MeetingRepository.Fields fields = MeetingService.fields(body, null);
                Recurrence schedule = Recurrence.of(fields.start(), fields.timeZone(), fields.rrule());
                List<Map<String, Object>> next = new ArrayList<>();
                for (ZonedDateTime start : schedule.between(schedule.first().toInstant(), schedule.first().toInstant()
                        .plus(java.time.Duration.ofDays(5 * 365)))) {
                    if (next.size() == 6) {
                        break;
                    }
                    next.add(when(start, start.plusMinutes(fields.durationMinutes())));
                }
                result = showForm(ctx, 200, form, new FormErrors(), Map.of("description", schedule.describe(), "next", next));
            } else {
                result = save.apply(body);
            }
        } catch (HubException e) {
            result = Future.failedFuture(e);
        }
        result.onFailure(err -> {
            if (err instanceof StaleVersion stale) {
                JsonObject current = stale.current();
                String by = current.getString("savedBy") == null ? "Someone else" : current.getString("savedBy");
                form.put(StaleVersion.FIELD, String.valueOf(current.getInteger("version")));
                showForm(ctx, 409, form, new FormErrors().add("their-changes", by + " saved this meeting at "
                    + StaleVersion.clockTime(OffsetDateTime.parse(current.getString("updatedAt")).toInstant())
                    + ", after you opened it. What you typed is kept below; check what they saved, then save again."),
                    Map.of("theirs", theirs(current, form), "theirsBy", by)).onFailure(ctx::fail);
            } else if (err instanceof DroppedChanges dropped) {
                showForm(ctx, 409, form, new FormErrors(), Map.of("droppedDates", dropped.dates().stream()
                    .map(date -> Map.of("when", date.when(), "losses", date.losses())).toList())).onFailure(ctx::fail);
            } else if (err instanceof HubException hub && hub.status() == 400) {
                showForm(ctx, 400, form, FormErrors.from(hub, "title"), null).onFailure(ctx::fail);
            } else {
                ctx.fail(err);
            }
        });
    }

    /** What the other person saved, in the form's words, for each field where it differs from what was typed. */
    private static List<Map<String, String>> theirs(JsonObject current, Map<String, String> typed) {
        LocalDateTime start = LocalDateTime.parse(current.getString("start"));
        Map<String, String> saved = new LinkedHashMap<>();
        saved.put("Title", current.getString("title"));
        saved.put("Description", current.getString("description"));
        saved.put("Date", start.toLocalDate().toString());
        saved.put("Time", start.toLocalTime().toString());
        saved.put("Time zone", current.getString("timeZone"));
        saved.put("Length in minutes", String.valueOf(current.getInteger("durationMinutes")));
        saved.put("Repeats", current.getString("rrule"));
        saved.put("Venue", current.getString("location"));
        saved.put("Online link", current.getString("onlineUrl"));
        saved.put("Capacity", current.getValue("capacity") == null ? null : String.valueOf(current.getValue("capacity")));
        Map<String, String> fields = Map.of("Title", "title", "Description", "description", "Date", "date", "Time", "time",
            "Time zone", "timeZone", "Length in minutes", "durationMinutes", "Repeats", "rrule", "Venue", "location",
            "Online link", "onlineUrl", "Capacity", "capacity");
        List<Map<String, String>> differing = new ArrayList<>();
        saved.forEach((label, value) -> {
            String theirs = value == null ? "" : value;
            if (!theirs.equals(typed.getOrDefault(fields.get(label), ""))) {
                differing.add(Map.of("label", label, "value", theirs.isEmpty() ? "(blank)" : theirs));
            }
        });
        return differing;
    }

    /** The API body from the form: date and time fields become one local start. */
    private static JsonObject body(Map<String, String> form) {
        JsonObject body = new JsonObject().put("title", form.get("title")).put("description", form.get("description"))
            .put("timeZone", form.get("timeZone")).put("rrule", form.get("rrule")).put("location", form.get("location"))
            .put("onlineUrl", form.get("onlineUrl"));
        if (form.get("date").isEmpty()) {
            throw HubException.invalid("date", "Enter the date of the first meeting");
        }
        String time = form.get("time").isEmpty() ? "10:00" : form.get("time");
        try {
            body.put("start", LocalDateTime.parse(form.get("date") + "T" + time).toString());
        } catch (java.time.format.DateTimeParseException e) {
            throw HubException.invalid("date", "Enter the date as 2027-01-12 and the time as 10:00");
        }
        body.put("durationMinutes", number(form.get("durationMinutes"), "durationMinutes", "Enter how long the meeting lasts, in minutes"));
        body.put("capacity", optionalNumber(form.get("capacity"), "capacity", "Capacity must be a whole number"));
        body.put("reminderHours", optionalNumber(form.get("reminderHours"), "reminderHours",
            "Enter how many hours before to remind people, as a whole number"));
        body.put("guestAllowance", optionalNumber(form.get("guestAllowance"), "guestAllowance",
            "Enter how many guests each person may bring, as a whole number"));
        JsonArray titles = new JsonArray();
        for (String title : form.get("requiredRoleTitles").split("[,\\n]")) {
            if (!title.isBlank()) {
                titles.add(title.strip());
            }
        }
        body.put("requiredRoleTitles", titles);
        return body;
    }

    private static Integer optionalNumber(String text, String field, String message) {
        return text.isEmpty() ? null : number(text, field, message);
    }

    private static Integer number(String text, String field, String message) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw HubException.invalid(field, message);
        }
    }

    private void show(RoutingContext ctx) {
        showMeeting(ctx, 200, new FormErrors()).onFailure(ctx::fail);
    }

    private Future<Void> showMeeting(RoutingContext ctx, int status, FormErrors errors) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID id = meetingId(ctx);
        Instant[] window = meetings.window(null, null);
        return meetings.visible(user, id).compose(visible -> Future.all(
                rsvps.occurrencesWithReplies(user, visible.meeting(), window[0], window[1]),
                visible.access().canViewMembers()
                    ? networks.members(user, visible.meeting().networkId(), null, null, DELEGATE_CHOICES)
                    : Future.succeededFuture(new JsonObject().put("members", new JsonArray())))
            .compose(loaded -> {
            JsonArray occurrences = loaded.resultAt(0);
            Meeting meeting = visible.meeting();
            List<Map<String, String>> delegates = new ArrayList<>();
            delegates.add(Map.of("value", "", "text", "Choose who will go"));
            loaded.<JsonObject>resultAt(1).getJsonArray("members").forEach(o -> {
                JsonObject member = (JsonObject) o;
                if (!"guest".equals(member.getString("role")) && !user.id().toString().equals(member.getString("userId"))) {
                    String title = member.getString("roleTitle");
                    delegates.add(Map.of("value", member.getString("userId"),
                        "text", member.getString("displayName") + (title == null ? "" : ", " + title)));
                }
            });
            List<Map<String, Object>> items = new ArrayList<>();
            for (Object o : occurrences) {
                JsonObject occurrence = (JsonObject) o;
                ZonedDateTime start = OffsetDateTime.parse(occurrence.getString("start")).atZoneSameInstant(meeting.schedule().zone());
                ZonedDateTime end = OffsetDateTime.parse(occurrence.getString("end")).atZoneSameInstant(meeting.schedule().zone());
                Map<String, Object> item = new HashMap<>(when(start, end));
                item.put("originalStart", occurrence.getString("originalStart"));
                item.put("status", occurrence.getString("status"));
                item.put("theme", occurrence.getString("theme"));
                item.put("location", occurrence.getString("location"));
                item.put("counts", occurrence.getJsonObject("counts").getMap());
                item.put("canReply", visible.mayTakePart(OffsetDateTime.parse(occurrence.getString("originalStart")).toInstant()));
                if (occurrence.getJsonObject("myRsvp") != null) {
                    item.put("mine", occurrence.getJsonObject("myRsvp").getMap());
                }
                items.add(item);
            }
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("meeting", meeting.toJson().put("schedule", meeting.schedule().describe()).getMap());
            model.put("occurrences", items);
            model.put("delegates", delegates.size() > 1 ? delegates : List.of());
            model.put("canEdit", visible.access().isOrganiser());
            model.put("networkSlug", visible.access().network().slug());
            model.put("networkName", visible.access().network().name());
            model.put("networkVisible", visible.access().canSee());
            String done = ctx.request().getParam("done");
            if ("replied".equals(done)) {
                model.put("notice", "Your reply has been saved");
            } else if ("updated".equals(done)) {
                model.put("notice", "The meeting has been changed");
            }
            return pages.render(ctx, status, "meeting/show", model);
        }));
    }

    private void reply(RoutingContext ctx) {
        UUID id = meetingId(ctx);
        String start = ctx.request().getFormAttribute("start");
        JsonObject body = new JsonObject().put("response", ctx.request().getFormAttribute("response"));
        String delegate = ctx.request().getFormAttribute("delegateUserId");
        if (delegate != null && !delegate.isBlank()) {
            body.put("delegateUserId", delegate);
        }
        Future<JsonObject> reply = "delegate".equals(ctx.request().getFormAttribute("choice")) && !body.containsKey("delegateUserId")
            ? Future.failedFuture(HubException.invalid("delegateUserId", "Choose who will go in your place"))
            : rsvps.reply(SignedInUser.required(ctx), id, start == null ? "" : start, body);
        reply.onSuccess(result -> Pages.seeOther(ctx, "/meetings/" + id + "?done=replied#occurrence-"
                + URLEncoder.encode(start, StandardCharsets.UTF_8)))
            .onFailure(err -> {
                if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409)) {
                    FormErrors errors = new FormErrors().add(hub.field().map(f -> "delegate-" + start).orElse(null), hub.getMessage());
                    showMeeting(ctx, hub.status(), errors).onFailure(ctx::fail);
                } else {
                    ctx.fail(err);
                }
            });
    }

    private void register(RoutingContext ctx) {
        showRegister(ctx, ctx.request().getParam("start"), ctx.request().getParam("done") != null).onFailure(ctx::fail);
    }

    private Future<Void> showRegister(RoutingContext ctx, String start, boolean saved) {
        SignedInUser user = SignedInUser.required(ctx);
        UUID id = meetingId(ctx);
        if (start == null) {
            return Future.failedFuture(HubException.notFound("Choose a date of the meeting"));
        }
        return meetings.visible(user, id).compose(visible -> Future.all(attendance.register(user, id, start),
                representation.of(user, id, start))
            .compose(all -> {
                Meeting meeting = visible.meeting();
                ZonedDateTime original = OffsetDateTime.parse(start).atZoneSameInstant(meeting.schedule().zone());
                Map<String, Object> model = new HashMap<>();
                model.put("meeting", meeting.toJson().getMap());
                model.put("when", when(original, original.plus(meeting.duration())));
                model.put("start", start);
                List<Object> rows = new ArrayList<>();
                all.<JsonArray>resultAt(0).forEach(row -> rows.add(((JsonObject) row).getMap()));
                model.put("register", rows);
                model.put("representation", all.<JsonObject>resultAt(1).getMap());
                if (saved) {
                    model.put("notice", "The register has been saved");
                }
                return pages.render(ctx, 200, "meeting/register", model);
            }));
    }

    private void saveRegister(RoutingContext ctx) {
        UUID id = meetingId(ctx);
        String start = ctx.request().getFormAttribute("start");
        JsonArray marks = new JsonArray();
        ctx.request().formAttributes().forEach(entry -> {
            if (entry.getKey().startsWith("mark-") && !entry.getValue().isBlank()) {
                marks.add(new JsonObject().put("userId", entry.getKey().substring(5)).put("mark", entry.getValue()));
            }
        });
        if (marks.isEmpty()) {
            Pages.seeOther(ctx, "/meetings/" + id + "/register?start=" + URLEncoder.encode(start == null ? "" : start,
                StandardCharsets.UTF_8));
            return;
        }
        attendance.mark(SignedInUser.required(ctx), id, start == null ? "" : start, new JsonObject().put("marks", marks))
            .onSuccess(register -> Pages.seeOther(ctx, "/meetings/" + id + "/register?done=saved&start="
                + URLEncoder.encode(start, StandardCharsets.UTF_8)))
            .onFailure(ctx::fail);
    }

    private void report(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        networks.getBySlug(user, ctx.pathParam("slug")).compose(network -> {
            String from = ctx.request().getParam("from");
            String to = ctx.request().getParam("to");
            Instant start = from == null || from.isBlank()
                ? java.time.LocalDate.now(java.time.ZoneOffset.UTC).withDayOfYear(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                : meetings.window(from, to)[0];
            Instant end = to == null || to.isBlank() ? start.atZone(java.time.ZoneOffset.UTC).plusYears(1).toInstant()
                : meetings.window(from, to)[1];
            return attendance.report(user, UUID.fromString(network.getString("id")), start, end).compose(report -> {
                Map<String, Object> model = new HashMap<>();
                model.put("network", network.getMap());
                model.put("report", report.getMap());
                model.put("from", start.toString().substring(0, 10));
                model.put("to", end.toString().substring(0, 10));
                List<Object> columns = new ArrayList<>();
                report.getJsonArray("occurrences").forEach(o -> {
                    JsonObject occurrence = (JsonObject) o;
                    columns.add(Map.of("title", occurrence.getString("title"),
                        "date", OffsetDateTime.parse(occurrence.getString("start")).format(DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK))));
                });
                model.put("columns", columns);
                return pages.render(ctx, 200, "meeting/attendance", model);
            });
        }).onFailure(ctx::fail);
    }

    private static UUID meetingId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("meetingId"));
        } catch (IllegalArgumentException e) {
            throw HubException.notFound("Meeting not found");
        }
    }
}
