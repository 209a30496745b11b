package uk.nhs.hub.meeting;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.Responses;
import uk.nhs.hub.platform.StaleVersion;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The meetings API: scheduling under a network, occurrences and the meeting's calendar. */
final class MeetingRoutes {

    /** A meeting's ETag: its version, quoted (RFC 9110 strong validator). */
    private static final java.util.regex.Pattern ETAG = java.util.regex.Pattern.compile("\"(\\d{1,9})\"");

    private final MeetingService meetings;
    private final RsvpService rsvps;
    private final CalendarFeeds feeds;
    private final AttendanceService attendance;
    private final Representation representation;
    private final Workshops workshops;
    private final Invitees invitees;
    private final MeetingGuests guests;
    private final OccurrenceItems items;
    private final Authentication authentication;
    private final String baseUrl;
    private final Clock clock;

    MeetingRoutes(MeetingService meetings, RsvpService rsvps, CalendarFeeds feeds, AttendanceService attendance,
                  Representation representation, Workshops workshops, Invitees invitees, MeetingGuests guests,
                  OccurrenceItems items, Authentication authentication, String baseUrl, Clock clock) {
        this.representation = representation;
        this.items = items;
        this.guests = guests;
        this.invitees = invitees;
        this.workshops = workshops;
        this.meetings = meetings;
        this.rsvps = rsvps;
        this.feeds = feeds;
        this.attendance = attendance;
        this.authentication = authentication;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUser();
        router.post("/api/networks/:id/meetings").handler(signedIn).handler(JsonBodies.required()).handler(this::create);
        router.get("/api/networks/:id/meetings").handler(signedIn).handler(this::ofNetwork);
        router.get("/api/meetings/:meetingId.ics").handler(signedIn).handler(this::calendar);
        router.get("/api/meetings/:meetingId").handler(signedIn).handler(this::get);
        router.patch("/api/meetings/:meetingId").handler(signedIn).handler(JsonBodies.required()).handler(this::update);
        router.delete("/api/meetings/:meetingId").handler(signedIn).handler(this::delete);
        router.get("/api/meetings/:meetingId/occurrences").handler(signedIn).handler(this::occurrences);
        router.patch("/api/meetings/:meetingId/occurrences/:start").handler(signedIn).handler(JsonBodies.required())
            .handler(this::changeOccurrence);
        router.get("/api/meetings/:meetingId/occurrences/:start/attendance").handler(signedIn).handler(this::register);
        router.put("/api/meetings/:meetingId/occurrences/:start/attendance").handler(signedIn).handler(JsonBodies.required())
            .handler(this::mark);
        router.get("/api/meetings/:meetingId/occurrences/:start/representation").handler(signedIn)
            .handler(this::representation);
        router.get("/api/meetings/:meetingId/occurrences/:start/items").handler(signedIn).handler(this::items);
        router.post("/api/meetings/:meetingId/occurrences/:start/items").handler(signedIn).handler(JsonBodies.required())
            .handler(this::addItem);
        router.patch("/api/meetings/:meetingId/items/:itemId").handler(signedIn).handler(JsonBodies.required())
            .handler(this::updateItem);
        router.delete("/api/meetings/:meetingId/items/:itemId").handler(signedIn).handler(this::deleteItem);
        router.get("/api/meetings/:meetingId/occurrences/:start/guests").handler(signedIn).handler(this::guests);
        router.post("/api/meetings/:meetingId/occurrences/:start/guests").handler(signedIn).handler(JsonBodies.required())
            .handler(this::nominateGuest);
        router.post("/api/meetings/:meetingId/occurrences/:start/guests/:nominationId/approve").handler(signedIn)
            .handler(ctx -> decideGuest(ctx, true));
        router.post("/api/meetings/:meetingId/occurrences/:start/guests/:nominationId/decline").handler(signedIn)
            .handler(ctx -> decideGuest(ctx, false));
        router.get("/api/meetings/:meetingId/invitees").handler(signedIn).handler(this::invitees);
        router.post("/api/meetings/:meetingId/invitees").handler(signedIn).handler(JsonBodies.required()).handler(this::invite);
        router.delete("/api/meetings/:meetingId/invitees/:inviteeId").handler(signedIn).handler(this::uninvite);
        router.get("/api/meetings/:meetingId/occurrences/:start/workshops").handler(signedIn).handler(this::workshops);
        router.post("/api/meetings/:meetingId/occurrences/:start/workshops").handler(signedIn).handler(JsonBodies.required())
            .handler(this::createWorkshop);
        router.put("/api/meetings/:meetingId/occurrences/:start/workshops/:workshopId/choice").handler(signedIn)
            .handler(ctx -> chooseWorkshop(ctx, true));
        router.delete("/api/meetings/:meetingId/occurrences/:start/workshops/:workshopId/choice").handler(signedIn)
            .handler(ctx -> chooseWorkshop(ctx, false));
        router.get("/api/networks/:id/attendance.csv").handler(signedIn).handler(ctx -> report(ctx, true));
        router.get("/api/networks/:id/attendance").handler(signedIn).handler(ctx -> report(ctx, false));
        router.post("/api/me/calendar-feed").handler(signedIn).handler(this::createFeed);
        router.delete("/api/me/calendar-feed").handler(signedIn).handler(this::revokeFeed);
        router.get("/calendar/:token.ics").handler(this::feed);
        router.put("/api/meetings/:meetingId/occurrences/:start/rsvp").handler(signedIn).handler(JsonBodies.required())
            .handler(this::reply);
    }

    private void create(RoutingContext ctx) {
        meetings.create(user(ctx), id(ctx, "id", "Network not found"), JsonBodies.of(ctx))
            .onSuccess(meeting -> Responses.json(ctx, 201, meeting.toJson()))
            .onFailure(ctx::fail);
    }

    private void ofNetwork(RoutingContext ctx) {
        meetings.ofNetwork(user(ctx), id(ctx, "id", "Network not found"), ctx.request().getParam("from"),
                ctx.request().getParam("to"))
            .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("meetings", list)))
            .onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx) {
        meetings.get(user(ctx), meetingId(ctx)).onSuccess(m -> {
            ctx.response().putHeader("ETag", etag(m));
            Responses.json(ctx, 200, m.toJson());
        }).onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        String ifMatch = ctx.request().getHeader("If-Match");
        if (ifMatch != null && body.getValue(StaleVersion.FIELD) == null) {
            // the ETag GET gave is the version, quoted: the same check as a body "version"
            java.util.regex.Matcher quoted = ETAG.matcher(ifMatch.strip());
            if (!quoted.matches()) {
                throw HubException.invalid(StaleVersion.FIELD, "If-Match must be the ETag this meeting was read with");
            }
            body = body.copy().put(StaleVersion.FIELD, Integer.parseInt(quoted.group(1)));
        }
        meetings.update(user(ctx), meetingId(ctx), body)
            .onSuccess(m -> {
                ctx.response().putHeader("ETag", etag(m));
                Responses.json(ctx, 200, m.toJson());
            })
            .onFailure(ctx::fail);
    }

    private static String etag(Meeting meeting) {
        return "\"" + meeting.version() + "\"";
    }

    private void delete(RoutingContext ctx) {
        meetings.delete(user(ctx), meetingId(ctx)).onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail);
    }

    private void occurrences(RoutingContext ctx) {
        rsvps.occurrencesWithReplies(user(ctx), meetingId(ctx), ctx.request().getParam("from"), ctx.request().getParam("to"))
            .onSuccess(array -> Responses.json(ctx, 200, new JsonObject().put("occurrences", array)))
            .onFailure(ctx::fail);
    }

    private void reply(RoutingContext ctx) {
        rsvps.reply(user(ctx), meetingId(ctx), ctx.pathParam("start"), JsonBodies.of(ctx))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void changeOccurrence(RoutingContext ctx) {
        meetings.changeOccurrence(user(ctx), meetingId(ctx), ctx.pathParam("start"), JsonBodies.of(ctx))
            .onSuccess(occurrence -> Responses.json(ctx, 200, occurrence.toJson()))
            .onFailure(ctx::fail);
    }

    private void register(RoutingContext ctx) {
        attendance.register(user(ctx), meetingId(ctx), ctx.pathParam("start"))
            .onSuccess(register -> Responses.json(ctx, 200, register))
            .onFailure(ctx::fail);
    }

    private void mark(RoutingContext ctx) {
        attendance.mark(user(ctx), meetingId(ctx), ctx.pathParam("start"), JsonBodies.of(ctx))
            .onSuccess(register -> Responses.json(ctx, 200, register))
            .onFailure(ctx::fail);
    }

    private void items(RoutingContext ctx) {
        items.of(user(ctx), meetingId(ctx), ctx.pathParam("start"))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void addItem(RoutingContext ctx) {
        items.add(user(ctx), meetingId(ctx), ctx.pathParam("start"), JsonBodies.of(ctx))
            .onSuccess(result -> Responses.json(ctx, 201, result))
            .onFailure(ctx::fail);
    }

    private void updateItem(RoutingContext ctx) {
        items.update(user(ctx), meetingId(ctx), id(ctx, "itemId", "Item not found"), JsonBodies.of(ctx))
            .onSuccess(version -> {
                ctx.response().putHeader("ETag", "\"" + version + "\"");
                Responses.noContent(ctx);
            })
            .onFailure(ctx::fail);
    }

    private void deleteItem(RoutingContext ctx) {
        items.delete(user(ctx), meetingId(ctx), id(ctx, "itemId", "Item not found"))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }

    private void guests(RoutingContext ctx) {
        guests.list(user(ctx), meetingId(ctx), ctx.pathParam("start"))
            .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("guests", list)))
            .onFailure(ctx::fail);
    }

    private void nominateGuest(RoutingContext ctx) {
        guests.nominate(user(ctx), meetingId(ctx), ctx.pathParam("start"), JsonBodies.of(ctx))
            .onSuccess(nomination -> Responses.json(ctx, 201, nomination))
            .onFailure(ctx::fail);
    }

    private void decideGuest(RoutingContext ctx, boolean approve) {
        guests.decide(user(ctx), meetingId(ctx), ctx.pathParam("start"), id(ctx, "nominationId", "Nomination not found"), approve)
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void invitees(RoutingContext ctx) {
        invitees.list(user(ctx), meetingId(ctx))
            .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("invitees", list)))
            .onFailure(ctx::fail);
    }

    private void invite(RoutingContext ctx) {
        invitees.add(user(ctx), meetingId(ctx), JsonBodies.of(ctx))
            .onSuccess(list -> Responses.json(ctx, 201, new JsonObject().put("invitees", list)))
            .onFailure(ctx::fail);
    }

    private void uninvite(RoutingContext ctx) {
        invitees.remove(user(ctx), meetingId(ctx), id(ctx, "inviteeId", "Invitee not found"))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }

    private void workshops(RoutingContext ctx) {
        workshops.list(user(ctx), meetingId(ctx), ctx.pathParam("start"))
            .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("workshops", list)))
            .onFailure(ctx::fail);
    }

    private void createWorkshop(RoutingContext ctx) {
        workshops.create(user(ctx), meetingId(ctx), ctx.pathParam("start"), JsonBodies.of(ctx))
            .onSuccess(workshop -> Responses.json(ctx, 201, workshop))
            .onFailure(ctx::fail);
    }

    private void chooseWorkshop(RoutingContext ctx, boolean choose) {
        UUID workshopId = id(ctx, "workshopId", "Workshop not found");
        (choose ? workshops.choose(user(ctx), meetingId(ctx), ctx.pathParam("start"), workshopId)
            : workshops.withdraw(user(ctx), meetingId(ctx), ctx.pathParam("start"), workshopId))
            .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("workshops", list)))
            .onFailure(ctx::fail);
    }

    private void representation(RoutingContext ctx) {
        representation.of(user(ctx), meetingId(ctx), ctx.pathParam("start"))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void report(RoutingContext ctx, boolean csv) {
        var window = attendance.window(ctx.request().getParam("from"), ctx.request().getParam("to"));
        UUID networkId = id(ctx, "id", "Network not found");
        attendance.report(user(ctx), networkId, window[0], window[1])
            .onSuccess(report -> {
                if (csv) {
                    // the name is plain ASCII already; filename* (RFC 6266) is for clients that prefer it
                    String name = AttendanceService.fileName(report.getString("slug"), window[0], window[1]);
                    ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"; filename*=UTF-8''" + name)
                        .putHeader("Cache-Control", "no-store")
                        .end(AttendanceService.csv(report));
                } else {
                    Responses.json(ctx, 200, report);
                }
            })
            .onFailure(ctx::fail);
    }

    private void createFeed(RoutingContext ctx) {
        feeds.create(user(ctx)).onSuccess(url -> Responses.json(ctx, 201, new JsonObject().put("url", url)))
            .onFailure(ctx::fail);
    }

    private void revokeFeed(RoutingContext ctx) {
        feeds.revoke(user(ctx)).onSuccess(v -> Responses.noContent(ctx)).onFailure(ctx::fail);
    }

    private void feed(RoutingContext ctx) {
        feeds.render(ctx.pathParam("token"))
            .onSuccess(text -> ctx.response()
                .putHeader("Content-Type", "text/calendar; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(text))
            .onFailure(ctx::fail);
    }

    private void calendar(RoutingContext ctx) {
        meetings.calendarEntry(user(ctx), meetingId(ctx))
            .onSuccess(entry -> ctx.response()
                .putHeader("Content-Type", "text/calendar; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"meeting-" + entry.meeting().id() + ".ics\"")
                .putHeader("Cache-Control", "no-store")
                .end(Calendars.render(List.of(entry), baseUrl, clock.instant())))
            .onFailure(ctx::fail);
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static UUID meetingId(RoutingContext ctx) {
        return id(ctx, "meetingId", "Meeting not found");
    }

    private static UUID id(RoutingContext ctx, String param, String notFound) {
        return PathParams.uuid(ctx, param, notFound);
    }
}
