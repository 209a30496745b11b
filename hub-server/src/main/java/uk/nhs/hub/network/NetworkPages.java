package uk.nhs.hub.network;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.FormErrors;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.RequestOrigin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The network pages: the list, the create form, a network's page, its members (with add, change, remove,
 * import and export), invitations, the join-request and guest-nomination queue, and invitation acceptance.
 * All are plain forms that work without JavaScript; the network page also applies live events.
 */
final class NetworkPages {

    private static final Map<String, String> NOTICES = Map.ofEntries(
        Map.entry("created", "Network created"),
        Map.entry("joined", "You have joined this network"),
        Map.entry("requested", "Your request to join has been sent to the organisers"),
        Map.entry("nominated", "Your nomination has been sent to the organisers"),
        Map.entry("added", "Member added"),
        Map.entry("changed", "Member updated"),
        Map.entry("removed", "Member removed"),
        Map.entry("invited", "Invitation sent"),
        Map.entry("reinvited", "Invitation updated and sent again. The link in the earlier email no longer works."),
        Map.entry("revoked", "Invitation withdrawn"),
        Map.entry("decided", "Decision recorded"),
        Map.entry("declined", "Invitation declined"),
        Map.entry("two-step", "Two-step sign-in setting saved"));

    private final NetworkService networks;
    private final Authentication authentication;
    private final Pages pages;
    private volatile UpcomingMeetings upcoming = UpcomingMeetings.NONE;
    private volatile RecentDiscussions discussions = RecentDiscussions.NONE;
    private volatile OpenBroadcasts broadcasts = OpenBroadcasts.NONE;

    NetworkPages(NetworkService networks, Authentication authentication, Pages pages) {
        this.networks = networks;
        this.authentication = authentication;
        this.pages = pages;
    }

    void upcomingMeetings(UpcomingMeetings upcoming) {
        this.upcoming = upcoming;
    }

    void recentDiscussions(RecentDiscussions recent) {
        this.discussions = recent;
    }

    void openBroadcasts(OpenBroadcasts open) {
        this.broadcasts = open;
    }

    void mount(Router router) {
        var signedIn = authentication.requireUserPage();
        router.get("/networks").handler(signedIn).handler(this::list);
        router.get("/networks/new").handler(signedIn).handler(this::newForm);
        router.post("/networks").handler(signedIn).handler(this::create);
        router.get("/networks/:slug").handler(signedIn).handler(this::show);
        router.post("/networks/:slug/join").handler(signedIn).handler(this::join);
        router.post("/networks/:slug/guests").handler(signedIn).handler(this::nominate);
        router.get("/networks/:slug/members").handler(signedIn).handler(this::members);
        router.post("/networks/:slug/members").handler(signedIn).handler(this::addMember);
        router.post("/networks/:slug/members/import").handler(signedIn).handler(this::importMembers);
        router.post("/networks/:slug/members/:userId").handler(signedIn).handler(this::changeMember);
        router.post("/networks/:slug/members/:userId/remove").handler(signedIn).handler(this::removeMember);
        router.get("/networks/:slug/invitations").handler(signedIn).handler(this::invitations);
        router.post("/networks/:slug/invitations").handler(signedIn).handler(this::invite);
        router.post("/networks/:slug/invitations/:invitationId/revoke").handler(signedIn).handler(this::revoke);
        router.get("/networks/:slug/requests").handler(signedIn).handler(this::requests);
        router.post("/networks/:slug/requests/:requestId").handler(signedIn).handler(this::decideRequest);
        router.post("/networks/:slug/nominations/:nominationId").handler(signedIn).handler(this::decideNomination);
        router.get("/invitations").handler(signedIn).handler(this::yourInvitations);
        router.post("/invitations").handler(signedIn).handler(this::answerInvitation);
        router.get("/invitations/:token").handler(this::invitation);
        router.post("/invitations/:token/accept").handler(signedIn).handler(this::accept);
    }

    // ---- list and create ----------------------------------------------------------------------------------

    /**
     * The directory: the person's own networks, then every network they can see as a tree, or, when a search or
     * filter is given, the networks that match in name order, a page at a time.
     */
    private void list(RoutingContext ctx) {
        SignedInUser user = user(ctx);
        String query = ctx.request().getParam("q", "").trim();
        boolean mine = "yes".equals(ctx.request().getParam("mine"));
        boolean joinable = "yes".equals(ctx.request().getParam("joinable"));
        String parent = ctx.request().getParam("parent", "");
        boolean filtering = !query.isEmpty() || mine || joinable || !parent.isEmpty();
        networks.tree(user).compose(tree -> {
            List<Map<String, Object>> own = new ArrayList<>();
            List<Map<String, Object>> parents = new ArrayList<>();
            List<Map<String, Object>> all = new ArrayList<>();
            UUID parentId = null;
            for (JsonObject network : tree) {
                all.add(network.getMap());
                if (network.getString("myRole") != null) {
                    own.add(network.getMap());
                }
                if (network.getInteger("visibleChildren") > 0) {
                    parents.add(network.getMap());
                    if (network.getString("slug").equals(parent)) {
                        parentId = UUID.fromString(network.getString("id"));
                    }
                }
            }
            own.sort(Comparator.comparing(n -> ((String) n.get("name")).toLowerCase(Locale.ROOT)));
            Map<String, Object> model = new HashMap<>(new FormErrors().model());
            model.put("mine", own);
            model.put("tree", all);
            model.put("parents", parents);
            model.put("filters", Map.of("q", query, "mine", mine, "joinable", joinable, "parent", parent));
            model.put("filtering", filtering);
            if (!filtering) {
                return pages.render(ctx, 200, "network/list", model);
            }
            // a parent the person cannot see (or that does not exist) matches nothing, as an unknown one would
            boolean unknownParent = !parent.isEmpty() && parentId == null;
            Future<JsonObject> results = unknownParent
                ? Future.succeededFuture(new JsonObject().put("networks", new JsonArray()).put("next", (String) null))
                : networks.directory(user, query, parentId, mine, joinable, ctx.request().getParam("after"), 50);
            return results.compose(page -> {
                model.put("results", page.getJsonArray("networks").getList());
                model.put("next", page.getString("next"));
                return pages.render(ctx, 200, "network/list", model);
            }).recover(err -> failureOr(err, errors -> {
                model.putAll(errors.model());
                model.put("results", List.of());
                return pages.render(ctx, 400, "network/list", model);
            }));
        }).onFailure(ctx::fail);
    }

    private void newForm(RoutingContext ctx) {
        String parentSlug = ctx.request().getParam("parent");
        Future<JsonObject> parent = parentSlug == null ? Future.succeededFuture(null)
            : networks.getBySlug(user(ctx), parentSlug);
        parent.compose(p -> showCreate(ctx, 200, p, Map.of("visibility", "request"), new FormErrors()))
            .onFailure(ctx::fail);
    }

    private Future<Void> showCreate(RoutingContext ctx, int status, JsonObject parent, Map<String, String> form,
                                    FormErrors errors) {
        Map<String, Object> model = new HashMap<>(errors.model());
        model.put("form", form);
        if (parent != null) {
            model.put("parent", parent.getMap());
        }
        return pages.render(ctx, status, "network/new", model);
    }

    private void create(RoutingContext ctx) {
        Map<String, String> form = form(ctx, "name", "slug", "description", "visibility", "parentId", "allowGuestNominations",
            "requireTwoStep");
        NetworkService.NetworkFields fields = new NetworkService.NetworkFields(form.get("name"), form.get("slug"),
            form.get("description"), form.get("visibility"), "yes".equals(form.get("allowGuestNominations")),
            form.get("parentId"), "yes".equals(form.get("requireTwoStep")));
        networks.create(user(ctx), fields, RequestOrigin.of(ctx))
            .onSuccess(network -> Pages.seeOther(ctx, "/networks/" + network.slug() + "?done=created"))
            .onFailure(err -> formFailure(ctx, err, errors -> {
                String parentId = form.get("parentId");
                Future<JsonObject> parent = parentId == null || parentId.isBlank() ? Future.succeededFuture(null)
                    : networks.get(user(ctx), UUID.fromString(parentId));
                return parent.compose(p -> showCreate(ctx, 400, p, form, errors));
            }));
    }

    // ---- a network ----------------------------------------------------------------------------------------

    private void show(RoutingContext ctx) {
        SignedInUser user = user(ctx);
        networks.getBySlug(user, ctx.pathParam("slug"))
            .compose(network -> networkModel(user, network).compose(model -> {
                model.put("notice", notice(ctx));
                model.putAll(new FormErrors().model());
                model.put("form", Map.of());
                return pages.render(ctx, 200, "network/show", model);
            }))
            .onFailure(ctx::fail);
    }

    /**
     * What the network page shows besides the network itself: its latest event number, its place among its
     * siblings, and for those who take part its next meetings, latest discussions and open broadcasts.
     */
    private Future<Map<String, Object>> networkModel(SignedInUser user, JsonObject network) {
        UUID id = UUID.fromString(network.getString("id"));
        boolean takesPart = network.getJsonObject("permissions").getBoolean("viewMembers");
        Future<List<Map<String, Object>>> none = Future.succeededFuture(List.of());
        Future<Long> seq = networks.latestSeq(id);
        Future<List<Map<String, Object>>> meetings = meetings(user, network);
        Future<List<Map<String, Object>>> recent = takesPart ? discussions.recent(user, id, 5) : none;
        Future<List<Map<String, Object>>> open = broadcasts.open(user, id, 5);
        Future<JsonArray> siblings = networks.siblings(user, id);
        return Future.all(seq, meetings, recent, open, siblings).map(all -> {
            Map<String, Object> model = new HashMap<>();
            model.put("network", network.getMap());
            model.put("latestSeq", seq.result());
            model.put("meetings", meetings.result());
            model.put("discussions", recent.result());
            model.put("broadcasts", open.result());
            model.put("siblings", siblings.result().getList());
            return model;
        });
    }

    private void join(RoutingContext ctx) {
        withNetwork(ctx, access -> networks.join(user(ctx), access.network().id(), RequestOrigin.of(ctx))
            .compose(result -> Pages.seeOther(ctx, "/networks/" + access.network().slug() + "?done="
                + ("joined".equals(result.getString("status")) ? "joined" : "requested"))));
    }

    private void nominate(RoutingContext ctx) {
        Map<String, String> form = form(ctx, "name", "email", "reason");
        withNetwork(ctx, access -> networks.nominate(user(ctx), access.network().id(), form.get("name"), form.get("email"),
                form.get("reason"), RequestOrigin.of(ctx))
            .compose(done -> Pages.seeOther(ctx, "/networks/" + access.network().slug() + "?done=nominated"))
            .recover(err -> failureOr(err, errors -> networks.get(user(ctx), access.network().id())
                .compose(network -> networkModel(user(ctx), network)).compose(model -> {
                    model.putAll(errors.model());
                    model.put("form", form);
                    return pages.render(ctx, 400, "network/show", model);
                }))));
    }

    private Future<List<Map<String, Object>>> meetings(SignedInUser viewer, JsonObject network) {
        JsonObject permissions = network.getJsonObject("permissions");
        if (!permissions.getBoolean("viewMembers")) {
            return Future.succeededFuture(List.of());
        }
        return upcoming.next(viewer, UUID.fromString(network.getString("id")), 5);
    }

    // ---- members ------------------------------------------------------------------------------------------

    private void members(RoutingContext ctx) {
        showMembers(ctx, 200, Map.of(), new FormErrors(), null).onFailure(ctx::fail);
    }

    private Future<Void> showMembers(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors,
                                     JsonObject importReport) {
        SignedInUser user = user(ctx);
        String query = ctx.request().getParam("q");
        return networks.getBySlug(user, ctx.pathParam("slug")).compose(network -> {
            UUID id = UUID.fromString(network.getString("id"));
            return networks.members(user, id, query, ctx.request().getParam("after"), 100).compose(page -> {
                Map<String, Object> model = new HashMap<>(errors.model());
                model.put("network", network.getMap());
                model.put("members", page.getJsonArray("members").getList());
                model.put("next", page.getString("next"));
                model.put("query", query == null ? "" : query);
                model.put("form", form);
                model.put("notice", notice(ctx));
                model.put("roles", roles());
                if (importReport != null) {
                    model.put("importReport", importReport.getMap());
                }
                return pages.render(ctx, status, "network/members", model);
            });
        });
    }

    private void addMember(RoutingContext ctx) {
        Map<String, String> form = form(ctx, "email", "role", "roleTitle");
        withNetwork(ctx, access -> networks.addMember(user(ctx), access.network().id(), form.get("email"), form.get("role"),
                form.get("roleTitle"), RequestOrigin.of(ctx))
            .compose(member -> Pages.seeOther(ctx, "/networks/" + access.network().slug() + "/members?done=added"))
            .recover(err -> failureOr(err, errors -> showMembers(ctx, statusOf(err), form, errors, null))));
    }

    private void changeMember(RoutingContext ctx) {
        Map<String, String> form = form(ctx, "role", "roleTitle");
        withNetwork(ctx, access -> networks.changeMember(user(ctx), access.network().id(),
                pathId(ctx, "userId"), form.get("role"), form.get("roleTitle"), true, RequestOrigin.of(ctx))
            .compose(member -> Pages.seeOther(ctx, "/networks/" + access.network().slug() + "/members?done=changed"))
            .recover(err -> failureOr(err, errors -> showMembers(ctx, statusOf(err), Map.of(), errors, null))));
    }

    private void removeMember(RoutingContext ctx) {
        UUID userId = pathId(ctx, "userId");
        withNetwork(ctx, access -> networks.removeMember(user(ctx), access.network().id(), userId, RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, userId.equals(user(ctx).id()) ? "/networks"
                : "/networks/" + access.network().slug() + "/members?done=removed"))
            .recover(err -> failureOr(err, errors -> showMembers(ctx, statusOf(err), Map.of(), errors, null))));
    }

    private void importMembers(RoutingContext ctx) {
        Map<String, String> form = form(ctx, "csv");
        boolean dryRun = "check".equals(ctx.request().getFormAttribute("action"));
        withNetwork(ctx, access -> networks.importMembers(user(ctx), access.network().id(), form.get("csv"), dryRun,
                RequestOrigin.of(ctx))
            .compose(report -> {
                FormErrors errors = new FormErrors();
                if (!report.valid()) {
                    errors.add("csv", "Some rows have problems. Nothing was imported. Correct the rows below and try again.");
                }
                JsonObject summary = report.toJson().put("dryRun", dryRun).put("valid", report.valid());
                return showMembers(ctx, report.valid() ? 200 : 400, form, errors, summary);
            })
            .recover(err -> failureOr(err, errors -> showMembers(ctx, statusOf(err), form, errors, null))));
    }

    // ---- invitations and requests -------------------------------------------------------------------------

    private void invitations(RoutingContext ctx) {
        showInvitations(ctx, 200, Map.of("role", "member"), new FormErrors()).onFailure(ctx::fail);
    }

    private Future<Void> showInvitations(RoutingContext ctx, int status, Map<String, String> form, FormErrors errors) {
        SignedInUser user = user(ctx);
        return networks.getBySlug(user, ctx.pathParam("slug")).compose(network ->
            networks.invitations(user, UUID.fromString(network.getString("id"))).compose(list -> {
                Map<String, Object> model = new HashMap<>(errors.model());
                model.put("network", network.getMap());
                List<Map<String, Object>> invitations = new ArrayList<>();
                list.forEach(item -> {
                    JsonObject invitation = ((JsonObject) item).copy();
                    invitation.put("expiresOn", DateTimeWords.date(java.time.OffsetDateTime.parse(invitation.getString("expiresAt"))
                        .atZoneSameInstant(DateTimeWords.READER).toLocalDate()));
                    invitations.add(invitation.getMap());
                });
                model.put("invitations", invitations);
                model.put("form", form);
                model.put("roles", roles());
                model.put("notice", notice(ctx));
                return pages.render(ctx, status, "network/invitations", model);
            }));
    }

    private void invite(RoutingContext ctx) {
        Map<String, String> form = form(ctx, "email", "role", "roleTitle");
        withNetwork(ctx, access -> networks.invite(user(ctx), access.network().id(), form.get("email"), form.get("role"),
                form.get("roleTitle"), RequestOrigin.of(ctx))
            .compose(invitation -> Pages.seeOther(ctx, "/networks/" + access.network().slug() + "/invitations?done="
                + (invitation.getBoolean("updated") ? "reinvited" : "invited")))
            .recover(err -> failureOr(err, errors -> showInvitations(ctx, statusOf(err), form, errors))));
    }

    private void revoke(RoutingContext ctx) {
        withNetwork(ctx, access -> networks.revokeInvitation(user(ctx), access.network().id(), pathId(ctx, "invitationId"),
                RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, "/networks/" + access.network().slug() + "/invitations?done=revoked")));
    }

    private void requests(RoutingContext ctx) {
        SignedInUser user = user(ctx);
        networks.getBySlug(user, ctx.pathParam("slug")).compose(network -> {
            UUID id = UUID.fromString(network.getString("id"));
            return Future.all(networks.joinRequests(user, id), networks.nominations(user, id)).compose(all -> {
                Map<String, Object> model = new HashMap<>();
                model.put("network", network.getMap());
                model.put("requests", all.<JsonArray>resultAt(0).getList());
                model.put("nominations", all.<JsonArray>resultAt(1).getList());
                model.put("notice", notice(ctx));
                return pages.render(ctx, 200, "network/requests", model);
            });
        }).onFailure(ctx::fail);
    }

    private void decideRequest(RoutingContext ctx) {
        boolean approve = "approve".equals(ctx.request().getFormAttribute("decision"));
        withNetwork(ctx, access -> networks.decideJoinRequest(user(ctx), access.network().id(), pathId(ctx, "requestId"),
                approve, RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, "/networks/" + access.network().slug() + "/requests?done=decided")));
    }

    private void decideNomination(RoutingContext ctx) {
        boolean approve = "approve".equals(ctx.request().getFormAttribute("decision"));
        withNetwork(ctx, access -> networks.decideNomination(user(ctx), access.network().id(),
                pathId(ctx, "nominationId"), approve, RequestOrigin.of(ctx))
            .compose(v -> Pages.seeOther(ctx, "/networks/" + access.network().slug() + "/requests?done=decided")));
    }

    private void invitation(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        networks.invitation(token).compose(invitation -> {
            Map<String, Object> model = new HashMap<>();
            model.put("invitation", invitation.getMap());
            model.put("token", token);
            model.put("returnTo", URLEncoder.encode("/invitations/" + token, StandardCharsets.UTF_8));
            return pages.render(ctx, 200, "network/invitation", model);
        }).onFailure(ctx::fail);
    }

    private void accept(RoutingContext ctx) {
        networks.accept(user(ctx), ctx.pathParam("token"), RequestOrigin.of(ctx))
            .onSuccess(result -> Pages.seeOther(ctx, "/networks/" + result.getString("networkSlug") + "?done=joined"))
            .onFailure(ctx::fail);
    }

    /** "Your invitations": the open invitations to the person's own address, each with Accept and Decline. */
    private void yourInvitations(RoutingContext ctx) {
        networks.myInvitations(user(ctx)).compose(mine -> {
            List<Map<String, Object>> invitations = new ArrayList<>();
            mine.getJsonArray("invitations").forEach(item -> {
                JsonObject invitation = ((JsonObject) item).copy();
                invitation.put("expiresOn", DateTimeWords.date(java.time.OffsetDateTime.parse(invitation.getString("expiresAt"))
                    .atZoneSameInstant(DateTimeWords.READER).toLocalDate()));
                invitations.add(invitation.getMap());
            });
            Map<String, Object> model = new HashMap<>();
            model.put("invitations", invitations);
            model.put("canAnswer", mine.getBoolean("canAnswer"));
            model.put("email", user(ctx).email());
            model.put("notice", notice(ctx));
            return pages.render(ctx, 200, "network/your-invitations", model);
        }).onFailure(ctx::fail);
    }

    /** One form per invitation: its id, and which button was pressed. */
    private void answerInvitation(RoutingContext ctx) {
        String id = ctx.request().getFormAttribute("invitation");
        UUID invitationId;
        try {
            invitationId = UUID.fromString(id == null ? "" : id.strip());
        } catch (IllegalArgumentException e) {
            ctx.fail(HubException.notFound("You have no open invitation with this id"));
            return;
        }
        String decision = ctx.request().getFormAttribute("decision");
        if ("accept".equals(decision)) {
            networks.acceptMine(user(ctx), invitationId, RequestOrigin.of(ctx))
                .onSuccess(result -> Pages.seeOther(ctx, "/networks/" + result.getString("networkSlug") + "?done=joined"))
                .onFailure(ctx::fail);
        } else if ("decline".equals(decision)) {
            networks.declineMine(user(ctx), invitationId, RequestOrigin.of(ctx))
                .onSuccess(result -> Pages.seeOther(ctx, "/invitations?done=declined"))
                .onFailure(ctx::fail);
        } else {
            ctx.fail(HubException.invalid("decision", "Choose whether to accept or decline the invitation"));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private void withNetwork(RoutingContext ctx, Function<NetworkAccess, Future<Void>> action) {
        networks.accessBySlug(ctx.pathParam("slug"), user(ctx).id())
            .compose(access -> action.apply(access.requireVisible()))
            .onFailure(ctx::fail);
    }

    /** Shows the form again for a failure the person can correct; other failures go to the error page. */
    private static Future<Void> failureOr(Throwable err, Function<FormErrors, Future<Void>> rerender) {
        if (err instanceof HubException hub && (hub.status() == 400 || hub.status() == 409
            || (hub.status() == 404 && hub.field().isPresent()))) {
            return rerender.apply(FormErrors.from(hub, "email"));
        }
        return Future.failedFuture(err);
    }

    private static void formFailure(RoutingContext ctx, Throwable err, Function<FormErrors, Future<Void>> rerender) {
        failureOr(err, rerender).onFailure(ctx::fail);
    }

    /** The confirmation for {@code ?done=...} after a redirect, or null. */
    private static String notice(RoutingContext ctx) {
        String done = ctx.request().getParam("done");
        return done == null ? null : NOTICES.get(done);
    }

    private static int statusOf(Throwable err) {
        return err instanceof HubException hub ? hub.status() : 500;
    }

    private static Map<String, String> form(RoutingContext ctx, String... fields) {
        Map<String, String> values = new HashMap<>();
        for (String field : fields) {
            String value = ctx.request().getFormAttribute(field);
            values.put(field, value == null ? "" : value);
        }
        return values;
    }

    private static UUID pathId(RoutingContext ctx, String param) {
        try {
            return UUID.fromString(ctx.pathParam(param));
        } catch (IllegalArgumentException e) {
            throw HubException.notFound("Not found");
        }
    }

    private static List<Map<String, String>> roles() {
        return List.of(
            Map.of("value", "member", "text", "Member"),
            Map.of("value", "organiser", "text", "Organiser"),
            Map.of("value", "central", "text", "Central team"),
            Map.of("value", "guest", "text", "Guest"));
    }

    private static SignedInUser user(RoutingContext ctx) {
        return SignedInUser.required(ctx);
    }
}
