package uk.nhs.hub.meeting;

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
import uk.nhs.hub.platform.StaleVersion;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Meeting pages: a network's meetings list, the scheduling form with a readable preview of the next
 * occurrences, and the meeting page where members reply to each occurrence and see the counts change live.
 */
final class MeetingPages {

    private static final java.time.ZoneId LONDON = java.time.ZoneId.of("Europe/London");
    /** The most members offered as someone's delegate on the meeting page. */
    private static final int DELEGATE_CHOICES = 500;
    private static final List<String> FORM_FIELDS = List.of("title", "description", "durationMinutes", "location",
        "onlineUrl", "capacity", "requiredRoleTitles", "reminderHours", "guestAllowance");
    /** The form's fields as the page lists them, which is the order of the error summary. */
    private static final List<String> PAGE_ORDER = List.of("title", "description", "date", "time", "durationMinutes",
        "timeZone", "repeats", "interval", "frequency", "byWeekday", "monthlyOn", "monthDay", "ordinal", "ordinalDay",
        "ends", "count", "until", "rrule", "location", "onlineUrl", "capacity", "requiredRoleTitles", "guestAllowance",
        "reminderHours");
    private static final List<Map<String, String>> WEEKDAYS = java.util.Arrays.stream(java.time.DayOfWeek.values())
        .map(day -> Map.of("value", RepeatRule.code(day), "text", RepeatRule.name(day))).toList();
    private static final List<Map<String, String>> ORDINALS = java.util.stream.Stream.of(1, 2, 3, 4, -1)
        .map(n -> Map.of("value", String.valueOf(n), "text", RepeatRule.ordinalWord(n))).toList();

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

    /**
     * Readable start and end of an occurrence, in the meeting's own time zone: {@code day} and {@code time}
     * together read "Tuesday 12 January 2027, 2pm to 4pm", and {@code full} is the two joined.
     */
    static Map<String, Object> when(ZonedDateTime start, ZonedDateTime end) {
        Map<String, Object> when = new HashMap<>();
        when.put("day", DateTimeWords.day(start.toLocalDate()));
        when.put("time", DateTimeWords.times(start, end, DateTimeWords.READER));
        when.put("full", DateTimeWords.range(start, end, DateTimeWords.READER));
        when.put("month", DateTimeWords.month(start.toLocalDate()));
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
                if (occurrence.containsKey("myStatus")) {
                    entry.put("myStatus", occurrence.getString("myStatus"));
                }
                for (String delegation : List.of("sending", "attendingFor")) {
                    if (occurrence.getString(delegation) != null) {
                        entry.put(delegation, occurrence.getString(delegation));
                    }
                }
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
                cell.put("label", DateTimeWords.day(date));
                cell.put("inMonth", YearMonth.from(date).equals(month));
                cell.put("items", entries.stream().filter(entry -> date.equals(entry.get("date"))).toList());
                week.add(cell);
            }
            weeks.add(week);
        }
        return Map.of("name", DateTimeWords.month(month.atDay(1)), "weeks", weeks,
            "previous", month.minusMonths(1).toString(), "previousName", DateTimeWords.month(month.minusMonths(1).atDay(1)),
            "next", month.plusMonths(1).toString(), "nextName", DateTimeWords.month(month.plusMonths(1).atDay(1)),
            "empty", entries.stream().noneMatch(entry -> YearMonth.from((java.time.LocalDate) entry.get("date")).equals(month)));
    }

    private void newForm(RoutingContext ctx) {
        Map<String, String> form = new HashMap<>();
        ScheduleForm.defaults(form);
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
        model.put("zones", ScheduleForm.zones(form.get("timeZone")));
        model.put("weekdays", WEEKDAYS);
        model.put("ordinals", ORDINALS);
        model.put("chosenWeekdays", List.of(form.getOrDefault("byWeekday", "").split(",")));
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
                ScheduleForm.fill(form, meeting.schedule());
                form.put("durationMinutes", String.valueOf(meeting.durationMinutes()));
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
        ScheduleForm.read(ctx.request().formAttributes(), form);
        String version = ctx.request().getFormAttribute(StaleVersion.FIELD);
        form.put(StaleVersion.FIELD, version == null ? "" : version.trim());
        JsonObject[] typed = {null};
        boolean previewOnly = "preview".equals(ctx.request().getFormAttribute("action"));
        Future<?> result;
        try {
            Map<String, String> errors = new LinkedHashMap<>();
            JsonObject body = body(form, errors);
            if (!errors.isEmpty()) {
                Map<String, String> inPageOrder = new LinkedHashMap<>();
                PAGE_ORDER.stream().filter(errors::containsKey).forEach(field -> inPageOrder.put(field, errors.get(field)));
                throw HubException.invalidFields(inPageOrder);
            }
            if ("confirm".equals(ctx.request().getFormAttribute("action"))) {
                body.put(DroppedChanges.FIELD, true);
            }
            if (!form.get(StaleVersion.FIELD).isEmpty()) {
                body.put(StaleVersion.FIELD, number(form.get(StaleVersion.FIELD), StaleVersion.FIELD,
                    "Open the meeting's change page again and make your change there", errors));
                if (!errors.isEmpty()) {
                    throw HubException.invalidFields(errors);
                }
            }
            typed[0] = body;
            MeetingRepository.Fields fields = MeetingService.fields(body, null);
            Recurrence schedule = Recurrence.of(fields.start(), fields.timeZone(), fields.rrule());
            java.util.Optional<String> mismatch = ScheduleForm.firstDateMismatch(schedule,
                RepeatRule.parse(fields.rrule(), schedule.zone()));
            if (previewOnly) {
                List<Map<String, Object>> next = new ArrayList<>();
                for (ZonedDateTime start : schedule.between(schedule.first().toInstant(), schedule.first().toInstant()
                        .plus(java.time.Duration.ofDays(5 * 365)))) {
                    // a first date off the rule is not shown as a meeting: it is the mistake the summary names
                    if (next.size() == 6) {
                        break;
                    }
                    if (mismatch.isEmpty() || !start.equals(schedule.first())) {
                        next.add(when(start, start.plusMinutes(fields.durationMinutes())));
                    }
                }
                FormErrors previewErrors = new FormErrors();
                mismatch.ifPresent(message -> previewErrors.add("date", message));
                result = showForm(ctx, 200, form, previewErrors, Map.of("description", schedule.describe(), "next", next,
                    "mismatch", mismatch.orElse("")));
            } else if (mismatch.isPresent()) {
                throw HubException.invalid("date", mismatch.get());
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
                    Map.of("theirs", theirs(current, typed[0]), "theirsBy", by)).onFailure(ctx::fail);
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

    /**
     * What the other person saved, in words, for each field where it differs from what was typed (both as the
     * API reads them, so a rule or a time typed differently but meaning the same is not listed).
     */
    private static List<Map<String, String>> theirs(JsonObject current, JsonObject typed) {
        List<Map<String, String>> differing = new ArrayList<>();
        java.util.function.BiConsumer<String, String[]> compare = (label, fieldAndWords) -> {
            Object saved = current.getValue(fieldAndWords[0]);
            Object mine = typed == null ? null : typed.getValue(fieldAndWords[0]);
            if (!java.util.Objects.equals(saved == null ? "" : String.valueOf(saved), mine == null ? "" : String.valueOf(mine))) {
                differing.add(Map.of("label", label, "value", fieldAndWords[1].isEmpty() ? "(blank)" : fieldAndWords[1]));
            }
        };
        LocalDateTime start = LocalDateTime.parse(current.getString("start"));
        ZonedDateTime at = start.atZone(java.time.ZoneId.of(current.getString("timeZone")));
        compare.accept("Title", new String[] {"title", current.getString("title", "")});
        compare.accept("Description", new String[] {"description", current.getString("description", "")});
        compare.accept("First meeting", new String[] {"start", DateTimeWords.moment(at, at.getZone())});
        compare.accept("Time zone", new String[] {"timeZone", current.getString("timeZone")});
        compare.accept("Length in minutes", new String[] {"durationMinutes", String.valueOf(current.getValue("durationMinutes"))});
        compare.accept("Repeats", new String[] {"rrule", current.getString("rrule") == null ? "Does not repeat"
            : Recurrence.of(start, current.getString("timeZone"), current.getString("rrule")).describe()});
        compare.accept("Venue", new String[] {"location", current.getString("location", "")});
        compare.accept("Online link", new String[] {"onlineUrl", current.getString("onlineUrl", "")});
        compare.accept("Capacity", new String[] {"capacity", current.getValue("capacity") == null ? ""
            : String.valueOf(current.getValue("capacity"))});
        return differing;
    }

    /**
     * The API body from the form: the date input, time and repeat choices become one local start, a zone and an
     * RRULE. Every mistake the form itself can see is added to {@code errors} in page order, so all show at once.
     */
    private static JsonObject body(Map<String, String> form, Map<String, String> errors) {
        JsonObject body = new JsonObject().put("title", form.get("title")).put("description", form.get("description"))
            .put("location", form.get("location")).put("onlineUrl", form.get("onlineUrl"));
        if (form.get("title").isEmpty()) {
            errors.put("title", "Enter a title for the meeting");
        }
        ScheduleForm.parse(form, errors).ifPresent(schedule -> body.put("start", schedule.start().toString())
            .put("timeZone", schedule.timeZone()).put("rrule", schedule.rrule()));
        body.put("durationMinutes", number(form.get("durationMinutes"), "durationMinutes",
            "Enter how long the meeting lasts, in minutes", errors));
        body.put("capacity", optionalNumber(form.get("capacity"), "capacity", "Capacity must be a whole number", errors));
        body.put("guestAllowance", optionalNumber(form.get("guestAllowance"), "guestAllowance",
            "Enter how many guests each person may bring, as a whole number", errors));
        body.put("reminderHours", optionalNumber(form.get("reminderHours"), "reminderHours",
            "Enter how many hours before to remind people, as a whole number", errors));
        JsonArray titles = new JsonArray();
        for (String title : form.get("requiredRoleTitles").split("[,\\n]")) {
            if (!title.isBlank()) {
                titles.add(title.strip());
            }
        }
        body.put("requiredRoleTitles", titles);
        return body;
    }

    private static Integer optionalNumber(String text, String field, String message, Map<String, String> errors) {
        return text.isEmpty() ? null : number(text, field, message, errors);
    }

    private static Integer number(String text, String field, String message, Map<String, String> errors) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            errors.put(field, message);
            return null;
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
                    : Future.succeededFuture(new JsonObject().put("members", new JsonArray())),
                rsvps.attendingFor(user.id(), id))
            .compose(loaded -> {
            Map<Instant, String> attendingFor = loaded.resultAt(2);
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
                String sender = attendingFor.get(OffsetDateTime.parse(occurrence.getString("originalStart")).toInstant());
                if (sender != null) {
                    item.put("attendingFor", sender);
                }
                items.add(item);
            }
            Map<String, Object> model = new HashMap<>(errors.model());
            model.put("meeting", meeting.toJson().put("schedule", meeting.schedule().describe()).getMap());
            model.put("occurrences", items);
            model.put("delegates", delegates.size() > 1 ? delegates : List.of());
            if (ctx.get("typedDelegateStart") != null) {
                model.put("typedDelegate", Map.of("start", ctx.<String>get("typedDelegateStart"),
                    "email", ctx.<String>get("typedDelegateEmail")));
            }
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
        String delegateEmail = ctx.request().getFormAttribute("delegateEmail");
        if (delegateEmail != null && !delegateEmail.isBlank()) {
            body.put("delegateEmail", delegateEmail);
        }
        boolean named = body.containsKey("delegateUserId") || body.containsKey("delegateEmail");
        Future<JsonObject> reply = "delegate".equals(ctx.request().getFormAttribute("choice")) && !named
            ? Future.failedFuture(HubException.invalid("delegateUserId", "Choose who will go in your place, or give their email address"))
            : rsvps.reply(SignedInUser.required(ctx), id, start == null ? "" : start, body);
        reply.onSuccess(result -> Pages.seeOther(ctx, "/meetings/" + id + "?done=replied#occurrence-"
                + URLEncoder.encode(start, StandardCharsets.UTF_8)))
            .onFailure(err -> {
                if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409)) {
                    FormErrors errors = new FormErrors().add(hub.field()
                        .map(f -> ("delegateEmail".equals(f) ? "delegate-email-" : "delegate-") + start).orElse(null), hub.getMessage());
                    // the address typed is kept, so a slip is corrected rather than typed again
                    ctx.put("typedDelegateEmail", delegateEmail == null ? "" : delegateEmail);
                    ctx.put("typedDelegateStart", start);
                    showMeeting(ctx, hub.status(), errors).onFailure(ctx::fail);
                } else {
                    ctx.fail(err);
                }
            });
    }

    private void register(RoutingContext ctx) {
        showRegister(ctx, ctx.request().getParam("start"), ctx.request().getParam("done") != null,
            ctx.request().getParam("network")).onFailure(ctx::fail);
    }

    private Future<Void> showRegister(RoutingContext ctx, String start, boolean saved, String savedNetwork) {
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
                JsonObject register = all.resultAt(0);
                Map<String, Object> model = new HashMap<>();
                model.put("meeting", meeting.toJson().getMap());
                model.put("when", when(original, original.plus(meeting.duration())));
                model.put("start", start);
                model.put("groups", registerGroups(register.getJsonArray("register")));
                model.put("markingOpen", register.getBoolean("markingOpen"));
                model.put("markingOpens", DateTimeWords.moment(OffsetDateTime.parse(register.getString("markingOpens"))
                    .atZoneSameInstant(meeting.schedule().zone()), DateTimeWords.READER));
                model.put("savedNetwork", saved && savedNetwork != null ? savedNetwork : "");
                model.put("representation", all.<JsonObject>resultAt(1).getMap());
                if (saved) {
                    model.put("notice", "The register has been saved");
                }
                return pages.render(ctx, 200, "meeting/register", model);
            }));
    }

    /** The register's rows, one group per network in the order the register lists them, with counts for each. */
    private static List<Object> registerGroups(JsonArray register) {
        Map<String, Map<String, Object>> groups = new LinkedHashMap<>();
        for (Object o : register) {
            JsonObject person = (JsonObject) o;
            Map<String, Object> group = groups.computeIfAbsent(person.getString("networkId"), key -> {
                Map<String, Object> g = new HashMap<>();
                g.put("id", key);
                g.put("name", person.getString("networkName"));
                g.put("people", new ArrayList<>());
                g.put("going", 0);
                g.put("marked", 0);
                return g;
            });
            @SuppressWarnings("unchecked")
            List<Object> people = (List<Object>) group.get("people");
            people.add(person.getMap());
            if ("confirmed".equals(person.getString("reply")) || person.getString("delegateUserId") != null) {
                group.put("going", (Integer) group.get("going") + 1);
            }
            if (person.getString("mark") != null) {
                group.put("marked", (Integer) group.get("marked") + 1);
            }
        }
        return new ArrayList<>(groups.values());
    }

    private void saveRegister(RoutingContext ctx) {
        UUID id = meetingId(ctx);
        String start = ctx.request().getFormAttribute("start");
        String network = ctx.request().getFormAttribute("network");
        UUID networkId;
        try {
            networkId = network == null || network.isBlank() ? null : UUID.fromString(network);
        } catch (IllegalArgumentException e) {
            ctx.fail(HubException.invalid("network", "Choose a network of the register"));
            return;
        }
        JsonArray marks = new JsonArray();
        ctx.request().formAttributes().forEach(entry -> {
            if (entry.getKey().startsWith("mark-") && !entry.getValue().isBlank()) {
                marks.add(new JsonObject().put("userId", entry.getKey().substring(5)).put("mark", entry.getValue()));
            }
        });
        String back = "/meetings/" + id + "/register?start=" + URLEncoder.encode(start == null ? "" : start, StandardCharsets.UTF_8);
        String section = networkId == null ? "#attendance" : "#network-" + networkId;
        boolean repliedYes = "replied-yes".equals(ctx.request().getFormAttribute("action"));
        if (marks.isEmpty() && !repliedYes) {
            Pages.seeOther(ctx, back + section);
            return;
        }
        SignedInUser user = SignedInUser.required(ctx);
        (repliedYes ? attendance.markRepliedYes(user, id, start == null ? "" : start, networkId, marks)
            : attendance.mark(user, id, start == null ? "" : start, new JsonObject().put("marks", marks)))
            .onSuccess(register -> Pages.seeOther(ctx, back + "&done=saved"
                + (networkId == null ? "" : "&network=" + networkId) + section))
            .onFailure(ctx::fail);
    }

    private void report(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        networks.getBySlug(user, ctx.pathParam("slug")).compose(network -> {
            UUID networkId = UUID.fromString(network.getString("id"));
            return attendance.years(user, networkId).compose(years -> {
                String asked = ctx.request().getParam("year");
                ProgrammeYear current = attendance.currentYear();
                ProgrammeYear year = asked == null || asked.isBlank() ? current : years.stream()
                    .filter(y -> String.valueOf(y.firstYear()).equals(asked)).findFirst()
                    .orElseThrow(() -> HubException.invalid("year", "Choose a programme year from the list"));
                Map<String, String> form = new HashMap<>();
                for (String part : List.of("from-day", "from-month", "from-year", "to-day", "to-month", "to-year")) {
                    form.put(part, Objects.requireNonNullElse(ctx.request().getParam(part), "").trim());
                }
                FormErrors errors = new FormErrors();
                Instant[] window = {year.start(), year.end()};
                String period = year.words();
                boolean custom = form.values().stream().anyMatch(v -> !v.isEmpty());
                if (custom) {
                    LocalDate first = day(form, "from", "Enter the first day of the period as a real date, like 1 4 2026", errors);
                    LocalDate last = day(form, "to", "Enter the last day of the period as a real date, like 31 3 2027", errors);
                    if (first != null && last != null && last.isBefore(first)) {
                        errors.add("to", "The last day must be the same as or after the first day");
                    } else if (first != null && last != null && last.isAfter(first.plusYears(5))) {
                        errors.add("to", "Choose a period of at most five years");
                    } else if (first != null && last != null) {
                        window = new Instant[]{first.atStartOfDay(DateTimeWords.READER).toInstant(),
                            last.plusDays(1).atStartOfDay(DateTimeWords.READER).toInstant()};
                        period = DateTimeWords.date(first) + " to " + DateTimeWords.date(last);
                    }
                }
                Instant start = window[0];
                Instant end = window[1];
                String periodWords = period;
                return attendance.report(user, networkId, start, end).compose(report -> {
                    Map<String, Object> model = new HashMap<>();
                    model.putAll(errors.model());
                    model.put("form", form);
                    model.put("custom", custom && errors.isEmpty());
                    model.put("network", network.getMap());
                    model.put("report", report.getMap());
                    model.put("from", start.toString());
                    model.put("to", end.toString());
                    model.put("year", String.valueOf(year.firstYear()));
                    model.put("period", periodWords);
                    List<Object> choices = new ArrayList<>();
                    years.forEach(y -> choices.add(Map.of("value", String.valueOf(y.firstYear()),
                        "text", y.words() + (y.equals(current) ? " (this year)" : ""))));
                    model.put("years", choices);
                    model.put("fileName", AttendanceService.fileName(network.getString("slug"), start, end));
                    List<Object> columns = new ArrayList<>();
                    report.getJsonArray("occurrences").forEach(o -> {
                        JsonObject occurrence = (JsonObject) o;
                        columns.add(Map.of("title", occurrence.getString("title"),
                            "date", DateTimeWords.date(OffsetDateTime.parse(occurrence.getString("start"))
                                .atZoneSameInstant(DateTimeWords.READER).toLocalDate())));
                    });
                    model.put("columns", columns);
                    model.put("chartModels", AttendanceCharts.of(report, custom && errors.isEmpty() ? "from " + periodWords
                        : "programme year " + periodWords));
                    return pages.render(ctx, errors.isEmpty() ? 200 : 400, "meeting/attendance", model);
                });
            });
        }).onFailure(ctx::fail);
    }

    /** A day typed into an NHS.UK date input, or null (with the error added) when it is not a real date. */
    private static LocalDate day(Map<String, String> form, String name, String error, FormErrors errors) {
        try {
            LocalDate day = LocalDate.of(Integer.parseInt(form.get(name + "-year")), Integer.parseInt(form.get(name + "-month")),
                Integer.parseInt(form.get(name + "-day")));
            if (day.getYear() >= 1900 && day.getYear() <= 2200) {
                return day;
            }
        } catch (RuntimeException e) {
            // reported below, as any other date that is not real
        }
        errors.add(name, error);
        return null;
    }

    private static UUID meetingId(RoutingContext ctx) {
        try {
            return UUID.fromString(ctx.pathParam("meetingId"));
        } catch (IllegalArgumentException e) {
            throw HubException.notFound("Meeting not found");
        }
    }
}
