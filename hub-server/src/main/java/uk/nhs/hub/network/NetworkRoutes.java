package uk.nhs.hub.network;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.JsonBodies;
import uk.nhs.hub.platform.PathParams;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.Responses;

import java.util.UUID;

/** The networks API under {@code /api/networks} and {@code /api/invitations}. */
public final class NetworkRoutes {

    private final NetworkService networks;
    private final Authentication authentication;

    NetworkRoutes(NetworkService networks, Authentication authentication) {
        this.networks = networks;
        this.authentication = authentication;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUser();
        router.post("/api/networks").handler(signedIn).handler(JsonBodies.required()).handler(this::create);
        router.get("/api/networks").handler(signedIn).handler(this::list);
        router.get("/api/networks/:id").handler(signedIn).handler(this::get);
        router.patch("/api/networks/:id").handler(signedIn).handler(JsonBodies.required()).handler(this::update);
        router.delete("/api/networks/:id").handler(signedIn).handler(this::delete);

        router.get("/api/networks/:id/members").handler(signedIn).handler(this::members);
        router.post("/api/networks/:id/members").handler(signedIn).handler(JsonBodies.required()).handler(this::addMember);
        router.get("/api/networks/:id/members.csv").handler(signedIn).handler(this::exportMembers);
        router.post("/api/networks/:id/members/import").handler(signedIn).handler(this::importMembers);
        router.patch("/api/networks/:id/members/:userId").handler(signedIn).handler(JsonBodies.required())
            .handler(this::changeMember);
        router.delete("/api/networks/:id/members/:userId").handler(signedIn).handler(this::removeMember);

        router.post("/api/networks/:id/join").handler(signedIn).handler(this::join);
        router.get("/api/networks/:id/join-requests").handler(signedIn).handler(this::joinRequests);
        router.post("/api/networks/:id/join-requests/:requestId/approve").handler(signedIn)
            .handler(ctx -> decideJoinRequest(ctx, true));
        router.post("/api/networks/:id/join-requests/:requestId/decline").handler(signedIn)
            .handler(ctx -> decideJoinRequest(ctx, false));

        router.post("/api/networks/:id/invitations").handler(signedIn).handler(JsonBodies.required()).handler(this::invite);
        router.get("/api/networks/:id/invitations").handler(signedIn).handler(this::invitations);
        router.delete("/api/networks/:id/invitations/:invitationId").handler(signedIn).handler(this::revokeInvitation);
        router.get("/api/invitations/:token").handler(this::invitation);
        router.post("/api/invitations/:token/accept").handler(signedIn).handler(this::accept);
        router.get("/api/me/invitations").handler(signedIn).handler(this::myInvitations);
        router.post("/api/me/invitations/:invitationId/accept").handler(signedIn).handler(ctx -> answerMine(ctx, true));
        router.post("/api/me/invitations/:invitationId/decline").handler(signedIn).handler(ctx -> answerMine(ctx, false));

        router.post("/api/networks/:id/guest-nominations").handler(signedIn).handler(JsonBodies.required())
            .handler(this::nominate);
        router.get("/api/networks/:id/guest-nominations").handler(signedIn).handler(this::nominations);
        router.post("/api/networks/:id/guest-nominations/:nominationId/approve").handler(signedIn)
            .handler(ctx -> decideNomination(ctx, true));
        router.post("/api/networks/:id/guest-nominations/:nominationId/decline").handler(signedIn)
            .handler(ctx -> decideNomination(ctx, false));

        router.get("/api/networks/:id/events").handler(signedIn).handler(this::events);
    }

    private void create(RoutingContext ctx) {
        networks.create(user(ctx), fields(JsonBodies.of(ctx)), RequestOrigin.of(ctx))
            .onSuccess(network -> Responses.json(ctx, 201, network.toJson().put("myRole", Role.ORGANISER.wire())))
            .onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        networks.directory(user(ctx), ctx.request().getParam("q"), optionalId(ctx, "parentId"), flag(ctx, "mine"),
                flag(ctx, "joinable"), ctx.request().getParam("after"), limit(ctx, 500, 1000))
            .onSuccess(page -> Responses.json(ctx, 200, page))
            .onFailure(ctx::fail);
    }

    private static UUID optionalId(RoutingContext ctx, String param) {
        String value = ctx.request().getParam(param);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw HubException.invalid(param, "'" + param + "' must be a network id");
        }
    }

    private static boolean flag(RoutingContext ctx, String param) {
        String value = ctx.request().getParam(param);
        if (value == null || value.isEmpty() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw HubException.invalid(param, "'" + param + "' must be true or false");
    }

    private void get(RoutingContext ctx) {
        networks.get(user(ctx), networkId(ctx)).onSuccess(body -> Responses.json(ctx, 200, body)).onFailure(ctx::fail);
    }

    private void update(RoutingContext ctx) {
        networks.update(user(ctx), networkId(ctx), fields(JsonBodies.of(ctx)), RequestOrigin.of(ctx))
            .onSuccess(network -> Responses.json(ctx, 200, network.toJson()))
            .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        networks.delete(user(ctx), networkId(ctx), RequestOrigin.of(ctx))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }

    private void members(RoutingContext ctx) {
        networks.members(user(ctx), networkId(ctx), ctx.request().getParam("q"), ctx.request().getParam("after"),
                limit(ctx, 50, 200))
            .onSuccess(page -> Responses.json(ctx, 200, page))
            .onFailure(ctx::fail);
    }

    private void addMember(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        networks.addMember(user(ctx), networkId(ctx), JsonBodies.text(body, "email"), JsonBodies.text(body, "role"),
                JsonBodies.text(body, "roleTitle"), RequestOrigin.of(ctx))
            .onSuccess(member -> Responses.json(ctx, 201, member.toJson()))
            .onFailure(ctx::fail);
    }

    private void changeMember(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        networks.changeMember(user(ctx), networkId(ctx), id(ctx, "userId", "Member not found"),
                JsonBodies.text(body, "role"), JsonBodies.text(body, "roleTitle"), body.containsKey("roleTitle"), RequestOrigin.of(ctx))
            .onSuccess(member -> Responses.json(ctx, 200, member.toJson()))
            .onFailure(ctx::fail);
    }

    private void removeMember(RoutingContext ctx) {
        networks.removeMember(user(ctx), networkId(ctx), id(ctx, "userId", "Member not found"), RequestOrigin.of(ctx))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }

    private void exportMembers(RoutingContext ctx) {
        UUID id = networkId(ctx);
        networks.membersCsv(user(ctx), id)
            .onSuccess(csv -> ctx.response()
                .putHeader("Content-Type", "text/csv; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"members-" + id + ".csv\"")
                .putHeader("Cache-Control", "no-store")
                .end(csv))
            .onFailure(ctx::fail);
    }

    private void importMembers(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("text/csv")) {
            throw HubException.unsupportedMediaType("Send the member list as text/csv");
        }
        String dryRunParam = ctx.request().getParam("dryRun");
        if (dryRunParam != null && !dryRunParam.equals("true") && !dryRunParam.equals("false")) {
            // anything else read as false would apply an import the caller only meant to check
            throw HubException.invalid("dryRun", "'dryRun' must be true or false");
        }
        boolean dryRun = "true".equals(dryRunParam);
        networks.importMembers(user(ctx), networkId(ctx), ctx.body().asString("UTF-8"), dryRun, RequestOrigin.of(ctx))
            .onSuccess(report -> {
                if (report.valid()) {
                    Responses.json(ctx, 200, report.toJson().put("dryRun", dryRun));
                } else {
                    long problems = report.rows().stream().filter(row -> ((JsonObject) row).containsKey("error")).count();
                    Responses.json(ctx, 400, report.toJson().put("error", new JsonObject().put("code", "invalid")
                        .put("field", "csv")
                        .put("message", problems + (problems == 1 ? " row has a problem" : " rows have problems")
                            + "; nothing was imported")));
                }
            })
            .onFailure(ctx::fail);
    }

    private void join(RoutingContext ctx) {
        networks.join(user(ctx), networkId(ctx), RequestOrigin.of(ctx))
            .onSuccess(result -> Responses.json(ctx, "joined".equals(result.getString("status")) ? 200 : 202, result))
            .onFailure(ctx::fail);
    }

    private void joinRequests(RoutingContext ctx) {
        networks.joinRequests(user(ctx), networkId(ctx))
            .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("requests", list)))
            .onFailure(ctx::fail);
    }

    private void decideJoinRequest(RoutingContext ctx, boolean approve) {
        networks.decideJoinRequest(user(ctx), networkId(ctx), id(ctx, "requestId", "Request not found"), approve, RequestOrigin.of(ctx))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }

    private void invite(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        networks.invite(user(ctx), networkId(ctx), JsonBodies.text(body, "email"), JsonBodies.text(body, "role"),
                JsonBodies.text(body, "roleTitle"), RequestOrigin.of(ctx))
            .onSuccess(invitation -> Responses.json(ctx, invitation.getBoolean("updated") ? 200 : 201, invitation))
            .onFailure(ctx::fail);
    }

    private void invitations(RoutingContext ctx) {
        networks.invitations(user(ctx), networkId(ctx))
            .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("invitations", list)))
            .onFailure(ctx::fail);
    }

    private void revokeInvitation(RoutingContext ctx) {
        networks.revokeInvitation(user(ctx), networkId(ctx), id(ctx, "invitationId", "Invitation not found"), RequestOrigin.of(ctx))
            .onSuccess(v -> Responses.noContent(ctx))
            .onFailure(ctx::fail);
    }

    private void invitation(RoutingContext ctx) {
        networks.invitation(ctx.pathParam("token"))
            .onSuccess(preview -> Responses.json(ctx, 200, preview))
            .onFailure(ctx::fail);
    }

    private void accept(RoutingContext ctx) {
        networks.accept(user(ctx), ctx.pathParam("token"), RequestOrigin.of(ctx))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void myInvitations(RoutingContext ctx) {
        networks.myInvitations(user(ctx)).onSuccess(mine -> Responses.json(ctx, 200, mine)).onFailure(ctx::fail);
    }

    private void answerMine(RoutingContext ctx, boolean accept) {
        UUID invitationId = id(ctx, "invitationId", "You have no open invitation with this id");
        (accept ? networks.acceptMine(user(ctx), invitationId, RequestOrigin.of(ctx))
                : networks.declineMine(user(ctx), invitationId, RequestOrigin.of(ctx)))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void nominate(RoutingContext ctx) {
        JsonObject body = JsonBodies.of(ctx);
        networks.nominate(user(ctx), networkId(ctx), JsonBodies.text(body, "name"), JsonBodies.text(body, "email"),
                JsonBodies.text(body, "reason"), RequestOrigin.of(ctx))
            .onSuccess(nomination -> Responses.json(ctx, 201, nomination))
            .onFailure(ctx::fail);
    }

    private void nominations(RoutingContext ctx) {
        networks.nominations(user(ctx), networkId(ctx))
            .onSuccess(list -> Responses.json(ctx, 200, new JsonObject().put("nominations", list)))
            .onFailure(ctx::fail);
    }

    private void decideNomination(RoutingContext ctx, boolean approve) {
        networks.decideNomination(user(ctx), networkId(ctx), id(ctx, "nominationId", "Nomination not found"), approve,
                RequestOrigin.of(ctx))
            .onSuccess(result -> Responses.json(ctx, 200, result))
            .onFailure(ctx::fail);
    }

    private void events(RoutingContext ctx) {
        long after;
        try {
            String param = ctx.request().getParam("after");
            after = param == null ? 0 : Long.parseLong(param);
        } catch (NumberFormatException e) {
            throw HubException.invalid("after", "'after' must be an event number");
        }
        networks.events(user(ctx), networkId(ctx), after, limit(ctx, 500, 1000))
            .onSuccess(body -> Responses.json(ctx, 200, body))
            .onFailure(ctx::fail);
    }

    static NetworkService.NetworkFields fields(JsonObject body) {
        Object nominations = body.getValue("allowGuestNominations");
        if (nominations != null && !(nominations instanceof Boolean)) {
            throw HubException.invalid("allowGuestNominations", "'allowGuestNominations' must be true or false");
        }
        return new NetworkService.NetworkFields(JsonBodies.text(body, "name"), JsonBodies.text(body, "slug"),
            JsonBodies.text(body, "description"), JsonBodies.text(body, "visibility"), (Boolean) nominations,
            JsonBodies.text(body, "parentId"), JsonBodies.bool(body, "requireTwoStep"));
    }

    static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }

    private static UUID networkId(RoutingContext ctx) {
        return id(ctx, "id", "Network not found");
    }

    private static UUID id(RoutingContext ctx, String param, String notFound) {
        return PathParams.uuid(ctx, param, notFound);
    }

    private static int limit(RoutingContext ctx, int fallback, int max) {
        String param = ctx.request().getParam("limit");
        if (param == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(param);
            if (limit < 1 || limit > max) {
                throw HubException.invalid("limit", "'limit' must be between 1 and " + max);
            }
            return limit;
        } catch (NumberFormatException e) {
            throw HubException.invalid("limit", "'limit' must be a whole number");
        }
    }
}
