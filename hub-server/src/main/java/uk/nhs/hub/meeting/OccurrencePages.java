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
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.StaleVersion;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The page of one occurrence of a meeting and the meeting's invitees page. Everyone taking part sees the
 * agenda, pre-reads, minutes and actions, chooses workshops and nominates guests; organisers also change the
 * occurrence (theme, venue, link, move, cancel), write its agenda and minutes, set up workshops, decide on
 * guests and invite networks and people. Every form posts back here; a correctable mistake re-shows the page
 * with the NHS.UK error summary and what was typed.
 */
final class OccurrencePages {

    /** How many networks the invite form offers at once; more are found by searching, not by scrolling. */
    private static final int NETWORK_CHOICES = 15;
    private static final Map<String, String> NOTICES = Map.ofEntries(
        Map.entry("changed", "The date has been updated"),
        Map.entry("replied", "Your reply has been saved"),
        Map.entry("cancelled", "This date has been cancelled"),
        Map.entry("reinstated", "This date has been reinstated"),
        Map.entry("item-added", "The item has been added"),
        Map.entry("item-updated", "The action has been updated"),
        Map.entry("item-deleted", "The item has been removed"),
        Map.entry("item-changed", "The item has been changed"),
        Map.entry("workshop-added", "The workshop has been added"),
        Map.entry("workshop-chosen", "Your workshop choice has been saved"),
        Map.entry("workshop-withdrawn", "You have left the workshop"),
        Map.entry("guest-nominated", "Your guest has been nominated; an organiser will decide"),
        Map.entry("guest-approved", "The guest has been approved and invited by email"),
        Map.entry("guest-declined", "The nomination has been declined"),
        Map.entry("invited", "The invitation has been added"),
        Map.entry("paper-added", "The paper has been added"),
        Map.entry("paper-removed", "The paper has been removed"),
        Map.entry("uninvited", "The invitation has been removed"));

    private final MeetingService meetings;
    private final RsvpService rsvps;
    private final Workshops workshops;
    private final Invitees invitees;
    private final MeetingGuests guests;
    private final OccurrenceItems items;
    private final MeetingPapers papers;
    private final NetworkService networks;
    private final Authentication authentication;
    private final Pages pages;
    private volatile OccurrenceDiscussions discussions = OccurrenceDiscussions.NONE;

    OccurrencePages(MeetingService meetings, RsvpService rsvps, Workshops workshops, Invitees invitees, MeetingGuests guests,
                    OccurrenceItems items, MeetingPapers papers, NetworkService networks, Authentication authentication, Pages pages) {
        this.meetings = meetings;
        this.rsvps = rsvps;
        this.workshops = workshops;
        this.invitees = invitees;
        this.guests = guests;
        this.items = items;
        this.papers = papers;
        this.networks = networks;
        this.authentication = authentication;
        this.pages = pages;
    }

    void openDiscussionsWith(OccurrenceDiscussions discussions) {
        this.discussions = discussions;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        String base = "/meetings/:meetingId/occurrence";
        router.get(base + "/discussion").handler(signedIn).handler(this::discussion);
        router.get(base).handler(signedIn).handler(ctx -> show(ctx, 200, Map.of(), new FormErrors()).onFailure(ctx::fail));
        router.post(base + "/change").handler(signedIn).handler(this::change);
        router.post(base + "/rsvp").handler(signedIn).handler(this::reply);
        router.get(base + "/cancel").handler(signedIn)
            .handler(ctx -> showCancel(ctx, 200, "", new FormErrors()).onFailure(ctx::fail));
        router.post(base + "/cancel").handler(signedIn).handler(this::cancel);
        router.post(base + "/items").handler(signedIn).handler(ctx -> submit(ctx, "item-added", "items",
            start -> items.add(user(ctx), meetingId(ctx), start, itemBody(ctx))));
        router.post(base + "/items/:itemId/done").handler(signedIn).handler(ctx -> submit(ctx, "item-updated", "items",
            start -> items.setDone(user(ctx), meetingId(ctx), PathParams.uuid(ctx, "itemId", "Item not found"),
                !"false".equals(form(ctx, "done")))));
        router.get(base + "/items/:itemId/edit").handler(signedIn)
            .handler(ctx -> showItem(ctx, 200, null, null, new FormErrors(), null).onFailure(ctx::fail));
        router.post(base + "/items/:itemId/edit").handler(signedIn).handler(this::editItem);
        router.post(base + "/items/:itemId/delete").handler(signedIn).handler(ctx -> submit(ctx, "item-deleted", "items",
            start -> items.delete(user(ctx), meetingId(ctx), PathParams.uuid(ctx, "itemId", "Item not found"))));
        router.post(base + "/papers").handler(signedIn).handler(this::addPaper);
        router.post(base + "/papers/:documentId/remove").handler(signedIn).handler(ctx -> submit(ctx, "paper-removed",
            "papers", start -> papers.remove(user(ctx), meetingId(ctx), start,
                PathParams.uuid(ctx, "documentId", "Paper not found"))));
        router.post(base + "/workshops").handler(signedIn).handler(ctx -> submit(ctx, "workshop-added", "workshops",
            start -> workshops.create(user(ctx), meetingId(ctx), start, workshopBody(ctx))));
        router.post(base + "/workshops/:workshopId/choose").handler(signedIn).handler(ctx -> submit(ctx, "workshop-chosen",
            "workshops", start -> workshops.choose(user(ctx), meetingId(ctx), start, workshopId(ctx))));
        router.post(base + "/workshops/:workshopId/withdraw").handler(signedIn).handler(ctx -> submit(ctx,
            "workshop-withdrawn", "workshops", start -> workshops.withdraw(user(ctx), meetingId(ctx), start, workshopId(ctx))));
        router.post(base + "/guests").handler(signedIn).handler(ctx -> submit(ctx, "guest-nominated", "guests",
            start -> guests.nominate(user(ctx), meetingId(ctx), start, new JsonObject().put("name", form(ctx, "name"))
                .put("email", form(ctx, "email")).put("reason", form(ctx, "reason")))));
        router.post(base + "/guests/:nominationId/approve").handler(signedIn).handler(ctx -> submit(ctx, "guest-approved",
            "guests", start -> guests.decide(user(ctx), meetingId(ctx), start, nominationId(ctx), true)));
        router.post(base + "/guests/:nominationId/decline").handler(signedIn).handler(ctx -> submit(ctx, "guest-declined",
            "guests", start -> guests.decide(user(ctx), meetingId(ctx), start, nominationId(ctx), false)));
        router.get("/meetings/:meetingId/invitees").handler(signedIn)
            .handler(ctx -> showInvitees(ctx, 200, Map.of(), new FormErrors()).onFailure(ctx::fail));
        router.post("/meetings/:meetingId/invitees").handler(signedIn).handler(this::invite);
        router.post("/meetings/:meetingId/invitees/:inviteeId/delete").handler(signedIn).handler(this::uninvite);
    }

    /** Opens (on first use) and goes to the discussion of the occurrence. */
    private void discussion(RoutingContext ctx) {
        SignedInUser user = user(ctx);
        String start = ctx.request().getParam("start");
        if (start == null) {
            ctx.fail(HubException.notFound("Choose a date of the meeting"));
            return;
        }
        OffsetDateTime original = MeetingService.originalStart(start);
        meetings.visible(user, meetingId(ctx)).compose(visible -> {
            Meeting meeting = visible.meeting();
            MeetingService.requireOccurrence(meeting, original);
            String day = (String) MeetingPages.when(original.atZoneSameInstant(meeting.schedule().zone()),
                original.atZoneSameInstant(meeting.schedule().zone())).get("day");
            return discussions.open(user, meeting.networkId(), meeting.id(), original, meeting.title() + ", " + day);
        }).onSuccess(threadId -> Pages.seeOther(ctx, "/threads/" + threadId)).onFailure(ctx::fail);
    }

    private Future<Void> show(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        SignedInUser user = user(ctx);
        UUID id = meetingId(ctx);
        String start = ctx.request().getParam("start");
        if (start == null) {
            return Future.failedFuture(HubException.notFound("Choose a date of the meeting"));
        }
        OffsetDateTime original = MeetingService.originalStart(start);
        return meetings.visible(user, id).compose(visible -> meetings.occurrence(visible.meeting(), original)
            .compose(occurrence -> Future.all(items.of(id, original), workshops.list(user, visible, original),
                    guests.list(user, visible, original), rsvps.replyOf(user, id, original),
                    rsvps.attendingFor(user.id(), id, original), papers.of(id, original))
                .compose(all -> (visible.access().isOrganiser() ? papers.library(visible.meeting().networkId())
                        : Future.succeededFuture(new JsonObject())).compose(library -> {
                    Meeting meeting = visible.meeting();
                    boolean organiser = visible.access().isOrganiser();
                    Map<String, Object> model = new HashMap<>(errors.model());
                    model.put("library", library.getMap());
                    model.put("meeting", meeting.toJson().getMap());
                    model.put("occurrence", occurrence.toJson().getMap());
                    model.put("when", MeetingPages.when(occurrence.start(), occurrence.end()));
                    model.put("originalWhen", MeetingPages.when(occurrence.originalStart(), occurrence.originalStart()
                        .plus(meeting.duration())));
                    model.put("start", start);
                    model.put("startParam", URLEncoder.encode(start, StandardCharsets.UTF_8));
                    model.put("canEdit", organiser);
                    model.put("canTakePart", visible.mayTakePart(original.toInstant()));
                    model.put("items", all.<JsonObject>resultAt(0).getMap());
                    model.put("papers", paperModels(all.resultAt(5)));
                    model.put("slots", slots(all.resultAt(1)));
                    model.put("guests", all.<JsonArray>resultAt(2).getList());
                    model.put("guestAllowance", meeting.guestAllowance());
                    JsonObject mine = all.resultAt(3);
                    if (mine != null) {
                        model.put("mine", mine.getMap());
                    }
                    if (all.resultAt(4) != null) {
                        model.put("attendingFor", all.<String>resultAt(4));
                    }
                    model.put("form", withDefaults(form, occurrence));
                    String done = ctx.request().getParam("done");
                    if (done != null && NOTICES.containsKey(done)) {
                        model.put("notice", NOTICES.get(done));
                    }
                    return pages.render(ctx, status, "meeting/occurrence", model);
                }))));
    }

    /**
     * Asks the organiser to confirm cancelling a date, with an optional reason for the people invited. A page of
     * its own, so the question is asked without JavaScript too.
     */
    private Future<Void> showCancel(RoutingContext ctx, int status, String reason, FormErrors errors) {
        String start = ctx.request().getParam("start");
        if (start == null) {
            return Future.failedFuture(HubException.notFound("Choose a date of the meeting"));
        }
        OffsetDateTime original = MeetingService.originalStart(start);
        return meetings.organised(user(ctx), meetingId(ctx), "Only an organiser of this network can change its meetings")
            .compose(visible -> meetings.occurrence(visible.meeting(), original).compose(occurrence -> {
                Map<String, Object> model = new HashMap<>(errors.model());
                model.put("meeting", visible.meeting().toJson().getMap());
                model.put("occurrence", occurrence.toJson().getMap());
                model.put("when", MeetingPages.when(occurrence.start(), occurrence.end()));
                model.put("startParam", URLEncoder.encode(start, StandardCharsets.UTF_8));
                model.put("reason", reason);
                return pages.render(ctx, status, "meeting/cancel-date", model);
            }));
    }

    private void cancel(RoutingContext ctx) {
        String start = ctx.request().getParam("start");
        String reason = form(ctx, "reason");
        JsonObject body = new JsonObject().put("cancelled", true).put("reason", reason.isEmpty() ? null : reason);
        Future<?> result;
        try {
            result = meetings.changeOccurrence(user(ctx), meetingId(ctx), start == null ? "" : start, body);
        } catch (HubException e) {
            result = Future.failedFuture(e);
        }
        result.onSuccess(v -> Pages.seeOther(ctx, "/meetings/" + meetingId(ctx) + "/occurrence?start="
                + URLEncoder.encode(start, StandardCharsets.UTF_8) + "&done=cancelled"))
            .onFailure(err -> {
                if (err instanceof HubException hub && hub.status() == 400) {
                    showCancel(ctx, 400, reason, FormErrors.from(hub, "reason")).onFailure(ctx::fail);
                } else {
                    ctx.fail(err);
                }
            });
    }

    /** The change form starts from the occurrence as it is; what was submitted wins when the page is re-shown. */
    private static Map<String, String> withDefaults(Map<String, String> submitted, Occurrence occurrence) {
        Map<String, String> form = new HashMap<>();
        form.put("theme", occurrence.theme() == null ? "" : occurrence.theme());
        form.put("location", occurrence.location() == null ? "" : occurrence.location());
        form.put("onlineUrl", occurrence.onlineUrl() == null ? "" : occurrence.onlineUrl());
        form.put("date-day", String.valueOf(occurrence.start().getDayOfMonth()));
        form.put("date-month", String.valueOf(occurrence.start().getMonthValue()));
        form.put("date-year", String.valueOf(occurrence.start().getYear()));
        form.put("time", DateTimeWords.time(occurrence.start().toLocalTime()));
        form.putAll(submitted);
        return form;
    }

    /** Workshops grouped by their slot, in the order they were set up. */
    private static List<Map<String, Object>> slots(JsonArray list) {
        Map<String, List<Object>> bySlot = new LinkedHashMap<>();
        list.forEach(o -> {
            JsonObject workshop = (JsonObject) o;
            bySlot.computeIfAbsent(workshop.getString("slot"), s -> new ArrayList<>()).add(workshop.getMap());
        });
        List<Map<String, Object>> slots = new ArrayList<>();
        bySlot.forEach((slot, workshops) -> slots.add(Map.of("name", slot, "workshops", workshops)));
        return slots;
    }

    private void change(RoutingContext ctx) {
        String action = form(ctx, "action");
        String start = ctx.request().getParam("start");
        JsonObject body = new JsonObject();
        String done;
        if ("cancel".equals(action) || "reinstate".equals(action)) {
            body.put("cancelled", "cancel".equals(action));
            done = "cancel".equals(action) ? "cancelled" : "reinstated";
        } else {
            body.put("theme", form(ctx, "theme")).put("location", form(ctx, "location")).put("onlineUrl", form(ctx, "onlineUrl"));
            Map<String, String> typed = submitted(ctx);
            Map<String, String> problems = new LinkedHashMap<>();
            LocalDate date = ScheduleForm.date(typed, "date", "this meeting", problems);
            LocalTime time = ScheduleForm.time(typed.get("time"), problems);
            if (!problems.isEmpty()) {
                FormErrors errors = new FormErrors();
                problems.forEach(errors::add);
                show(ctx, 400, typed, errors).onFailure(ctx::fail);
                return;
            }
            body.put("start", LocalDateTime.of(date, time).toString());
            done = "changed";
        }
        submit(ctx, done, "change", s -> meetings.changeOccurrence(user(ctx), meetingId(ctx), start == null ? "" : start, body));
    }

    /**
     * The page for changing one agenda item, pre-read, minute or action. It carries the version the organiser
     * opened, so a save over someone else's later change is refused with their text shown beside what was typed.
     */
    private Future<Void> showItem(RoutingContext ctx, int status, String text, String version, FormErrors errors,
                                  JsonObject theirs) {
        String start = ctx.request().getParam("start");
        if (start == null) {
            return Future.failedFuture(HubException.notFound("Choose a date of the meeting"));
        }
        OffsetDateTime original = MeetingService.originalStart(start);
        UUID itemId = PathParams.uuid(ctx, "itemId", "Item not found");
        return items.one(user(ctx), meetingId(ctx), itemId).compose(item -> meetings.visible(user(ctx), meetingId(ctx))
            .compose(visible -> meetings.occurrence(visible.meeting(), original).compose(occurrence -> {
                Map<String, Object> model = new HashMap<>(errors.model());
                model.put("meeting", visible.meeting().toJson().getMap());
                model.put("when", MeetingPages.when(occurrence.start(), occurrence.end()));
                model.put("startParam", URLEncoder.encode(start, StandardCharsets.UTF_8));
                model.put("item", item.getMap());
                model.put("text", text == null ? item.getString("text") : text);
                model.put("version", version == null ? String.valueOf(item.getInteger("version")) : version);
                model.put("savedWhen", DateTimeWords.savedAt(OffsetDateTime.parse(item.getString("updatedAt")).toInstant(),
                    java.time.Instant.now()));
                if (theirs != null) {
                    model.put("theirs", theirs.getMap());
                }
                return pages.render(ctx, status, "meeting/item-edit", model);
            })));
    }

    private void editItem(RoutingContext ctx) {
        String start = ctx.request().getParam("start");
        UUID itemId = PathParams.uuid(ctx, "itemId", "Item not found");
        String text = form(ctx, "text");
        String version = form(ctx, StaleVersion.FIELD);
        JsonObject body = new JsonObject().put("text", text);
        try {
            body.put(StaleVersion.FIELD, version.isEmpty() ? null : Integer.valueOf(version));
        } catch (NumberFormatException e) {
            body.put(StaleVersion.FIELD, version);
        }
        items.update(user(ctx), meetingId(ctx), itemId, body)
            .onSuccess(v -> Pages.seeOther(ctx, "/meetings/" + meetingId(ctx) + "/occurrence?start="
                + URLEncoder.encode(start == null ? "" : start, StandardCharsets.UTF_8) + "&done=item-changed#items"))
            .onFailure(err -> {
                if (err instanceof StaleVersion stale) {
                    JsonObject current = stale.current();
                    showItem(ctx, 409, text, String.valueOf(current.getInteger("version")),
                        new FormErrors().add("their-changes", stale.getMessage()), current).onFailure(ctx::fail);
                } else if (err instanceof HubException hub && hub.status() == 400) {
                    showItem(ctx, 400, text, version, FormErrors.from(hub, "text"), null).onFailure(ctx::fail);
                } else {
                    ctx.fail(err);
                }
            });
    }

    /** The reply form of the date page: the same reply as the meeting page's buttons, for this one date. */
    private void reply(RoutingContext ctx) {
        String response = form(ctx, "response");
        submit(ctx, "replied", "reply", start -> response.isEmpty()
            ? Future.failedFuture(HubException.invalid("response", "Choose going, maybe or not going"))
            : rsvps.reply(user(ctx), meetingId(ctx), start, new JsonObject().put("response", response)));
    }

    private static JsonObject itemBody(RoutingContext ctx) {
        String url = form(ctx, "url");
        return new JsonObject().put("kind", form(ctx, "kind")).put("text", form(ctx, "text"))
            .put("url", url.isEmpty() ? null : url);
    }

    private static JsonObject workshopBody(RoutingContext ctx) {
        JsonObject body = new JsonObject().put("slot", form(ctx, "slot")).put("title", form(ctx, "title"));
        String capacity = form(ctx, "capacity");
        if (!capacity.isEmpty()) {
            try {
                body.put("capacity", Integer.parseInt(capacity));
            } catch (NumberFormatException e) {
                throw HubException.invalid("capacity", "Capacity must be a whole number of at least 1");
            }
        }
        return body;
    }

    /**
     * Runs a form's action for the occurrence named by the {@code start} query parameter, then shows the page
     * again with a notice, or with the error summary when the person can put the mistake right.
     */
    private void submit(RoutingContext ctx, String done, String section, Function<String, Future<?>> action) {
        String start = ctx.request().getParam("start");
        if (start == null) {
            ctx.fail(HubException.notFound("Choose a date of the meeting"));
            return;
        }
        Future<?> result;
        try {
            result = action.apply(start);
        } catch (HubException e) {
            result = Future.failedFuture(e);
        }
        result.onSuccess(v -> Pages.seeOther(ctx, "/meetings/" + meetingId(ctx) + "/occurrence?start="
                + URLEncoder.encode(start, StandardCharsets.UTF_8) + "&done=" + done + "#" + section))
            .onFailure(err -> fail(ctx, err));
    }

    /**
     * Attaches a library document to the date. The form names its fields apart from the agenda form's
     * {@code kind}, so an error shows beside the paper form and not the other one.
     */
    private void addPaper(RoutingContext ctx) {
        String documentId = form(ctx, "paperDocumentId");
        JsonObject body = new JsonObject().put("documentId", documentId.isEmpty() ? null : documentId)
            .put("kind", form(ctx, "paperKind"));
        submit(ctx, "paper-added", "papers", start -> Future.succeededFuture()
            .compose(v -> papers.add(user(ctx), meetingId(ctx), start, body))
            .recover(err -> Future.failedFuture(err instanceof HubException hub && hub.field().isPresent()
                ? new HubException(hub.status(), hub.code(), hub.getMessage(), "paper" + capitalised(hub.field().get()))
                : err)));
    }

    private static String capitalised(String field) {
        return Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }

    private void fail(RoutingContext ctx, Throwable err) {
        if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409)) {
            FormErrors errors = FormErrors.from(hub, null);
            show(ctx, hub.status(), submitted(ctx), remap(errors, hub)).onFailure(ctx::fail);
        } else {
            ctx.fail(err);
        }
    }

    /** The move form has date and time fields where the API has one {@code start}. */
    private static FormErrors remap(FormErrors errors, HubException failure) {
        if (failure.field().filter("start"::equals).isPresent()) {
            return new FormErrors().add("date", failure.getMessage());
        }
        return errors;
    }

    private static Map<String, String> submitted(RoutingContext ctx) {
        Map<String, String> form = new HashMap<>();
        ctx.request().formAttributes().forEach(entry -> {
            if (!"csrf".equals(entry.getKey())) {
                form.put(entry.getKey(), entry.getValue().trim());
            }
        });
        return form;
    }

    private Future<Void> showInvitees(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        SignedInUser user = user(ctx);
        UUID id = meetingId(ctx);
        Instant[] window = meetings.window(null, null);
        return meetings.organised(user, id, "Only an organiser of this network invites people to its meetings")
            .compose(visible -> Future.all(invitees.list(user, id),
                    networks.invitableNear(user, visible.meeting().networkId(), networkQuery(ctx), NETWORK_CHOICES),
                    meetings.occurrences(visible.meeting(), window[0], window[1]))
                .compose(all -> {
                    Meeting meeting = visible.meeting();
                    Map<String, Object> model = new HashMap<>(errors.model());
                    model.put("meeting", meeting.toJson().getMap());
                    List<Object> invited = new ArrayList<>();
                    all.<JsonArray>resultAt(0).forEach(o -> {
                        JsonObject invitee = ((JsonObject) o).copy();
                        String only = invitee.getString("originalStart");
                        if (only != null) {
                            invitee.put("day", MeetingPages.when(OffsetDateTime.parse(only).atZoneSameInstant(
                                meeting.schedule().zone()), OffsetDateTime.parse(only).atZoneSameInstant(
                                meeting.schedule().zone())).get("day"));
                        }
                        invited.add(invitee.getMap());
                    });
                    model.put("invitees", invited);
                    JsonObject invitable = all.resultAt(1);
                    model.put("networkChoices", invitable.getJsonArray("networks").getList());
                    model.put("networkMatches", invitable.getInteger("total"));
                    model.put("networkQuery", networkQuery(ctx));
                    List<Map<String, String>> dates = new ArrayList<>();
                    dates.add(Map.of("value", "", "text", "Every date"));
                    List<Occurrence> occurrences = all.resultAt(2);
                    occurrences.stream().filter(o -> !o.cancelled()).limit(50).forEach(o -> dates.add(Map.of(
                        "value", o.originalStart().toOffsetDateTime().toString(),
                        "text", (String) MeetingPages.when(o.start(), o.end()).get("day"))));
                    model.put("dateOptions", dates);
                    model.put("form", form);
                    String done = ctx.request().getParam("done");
                    if (done != null && NOTICES.containsKey(done)) {
                        model.put("notice", NOTICES.get(done));
                    }
                    return pages.render(ctx, status, "meeting/invitees", model);
                }));
    }

    private void invite(RoutingContext ctx) {
        UUID id = meetingId(ctx);
        JsonObject body = new JsonObject();
        if ("network".equals(form(ctx, "kind"))) {
            if (form(ctx, "networkId").isEmpty()) {
                inviteFailed(ctx, HubException.invalid("networkId", "Choose the network to invite"));
                return;
            }
            body.put("networkId", form(ctx, "networkId")).put("includeDescendants", "true".equals(form(ctx, "includeDescendants")));
        } else {
            if (form(ctx, "email").isEmpty()) {
                inviteFailed(ctx, HubException.invalid("email", "Enter the email address of the person to invite"));
                return;
            }
            body.put("email", form(ctx, "email"));
            if (!form(ctx, "originalStart").isEmpty()) {
                body.put("originalStart", form(ctx, "originalStart"));
            }
        }
        invitees.add(user(ctx), id, body)
            .onSuccess(v -> Pages.seeOther(ctx, "/meetings/" + id + "/invitees?done=invited"))
            .onFailure(err -> inviteFailed(ctx, err));
    }

    private void inviteFailed(RoutingContext ctx, Throwable err) {
        if (err instanceof HubException hub && hub.field().isPresent() && hub.status() < 500) {
            showInvitees(ctx, 400, submitted(ctx), FormErrors.from(hub, null)).onFailure(ctx::fail);
        } else {
            ctx.fail(err);
        }
    }

    private void uninvite(RoutingContext ctx) {
        UUID id = meetingId(ctx);
        invitees.remove(user(ctx), id, PathParams.uuid(ctx, "inviteeId", "Invitee not found"))
            .onSuccess(v -> Pages.seeOther(ctx, "/meetings/" + id + "/invitees?done=uninvited"))
            .onFailure(ctx::fail);
    }

    /** The network search, from the search form or kept in the invite form after an error. */
    private static String networkQuery(RoutingContext ctx) {
        String query = ctx.request().getParam("q");
        if (query == null) {
            query = ctx.request().getFormAttribute("q");
        }
        return query == null ? "" : query.strip();
    }

    private static String form(RoutingContext ctx, String field) {
        String value = ctx.request().getFormAttribute(field);
        return value == null ? "" : value.trim();
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static UUID meetingId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "meetingId", "Meeting not found");
    }

    private static UUID workshopId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "workshopId", "Workshop not found");
    }

    private static UUID nominationId(RoutingContext ctx) {
        return PathParams.uuid(ctx, "nominationId", "Nomination not found");
    }

    private static List<Map<String, Object>> paperModels(List<JsonObject> papers) {
        List<Map<String, Object>> models = new java.util.ArrayList<>();
        for (JsonObject paper : papers) {
            Map<String, Object> model = new HashMap<>(paper.getMap());
            model.put("kindText", switch (paper.getString("kind")) {
                case "agenda" -> "Agenda pack";
                case "pre-read" -> "Pre-read";
                case "slides" -> "Slides";
                default -> "Minutes";
            });
            models.add(model);
        }
        return models;
    }
}
