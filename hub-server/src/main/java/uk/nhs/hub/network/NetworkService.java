package uk.nhs.hub.network;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.SqlClient;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.platform.AuditLog;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.EmailAddresses;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.notification.Notifications;
import uk.nhs.hub.platform.Outbox;
import uk.nhs.hub.platform.RequestOrigin;
import uk.nhs.hub.platform.SecretTokens;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Everything people do with networks. Each operation validates its input, loads the network and the caller's
 * {@link NetworkAccess}, checks it, writes in one transaction (with the audit entry, event-log entry and any
 * outgoing email), and publishes the committed events.
 */
public final class NetworkService {

    static final Duration INVITATION_LIFETIME = Duration.ofDays(14);
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private final Vertx vertx;
    private final NetworkRepository networks;
    private final EventBusBridge bridge;
    private final String baseUrl;
    private final Clock clock;
    private volatile TwoStepStatus twoStep = TwoStepStatus.NONE;
    private volatile TopLevelCreation topLevel = TopLevelCreation.ANYONE;

    NetworkService(Vertx vertx, NetworkRepository networks, EventBusBridge bridge, String baseUrl, Clock clock) {
        this.vertx = vertx;
        this.networks = networks;
        this.bridge = bridge;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    private Pool pool() {
        return networks.pool();
    }

    // ---- access -------------------------------------------------------------------------------------------

    /** The caller's access to a network; 404 when no such network exists. */
    public Future<NetworkAccess> access(UUID networkId, UUID userId) {
        // both queries need only the id, so they go to the database together
        Future<java.util.Optional<Network>> network = networks.findById(networkId);
        Future<Map<Integer, Role>> roles = networks.rolesUpTheTree(networkId, userId);
        return Future.all(network, roles).compose(both -> network.result()
            .map(found -> accessFrom(found, userId, roles.result()))
            .orElseGet(() -> Future.failedFuture(HubException.notFound("Network not found"))));
    }

    void twoStepStatus(TwoStepStatus status) {
        this.twoStep = status;
    }

    /** The same, for a network named by its slug (pages). */
    public Future<NetworkAccess> accessBySlug(String slug, UUID userId) {
        return networks.findBySlug(slug).compose(found -> found
            .map(network -> networks.rolesUpTheTree(network.id(), userId).compose(roles -> accessFrom(network, userId, roles)))
            .orElseGet(() -> Future.failedFuture(HubException.notFound("Network not found"))));
    }

    /**
     * The requirement binds the roles held in the network that sets it (not inherited): what organisers and
     * central members of a network above may do below is read-only, and their own network's setting governs
     * them there. Two-step status is looked up only when the requirement applies.
     */
    private Future<NetworkAccess> accessFrom(Network network, UUID userId, Map<Integer, Role> roles) {
        boolean managesAncestor = roles.entrySet().stream()
            .anyMatch(e -> e.getKey() > 0 && (e.getValue() == Role.ORGANISER || e.getValue() == Role.CENTRAL));
        boolean centralAbove = roles.values().stream().anyMatch(role -> role == Role.CENTRAL);
        Role own = roles.get(0);
        boolean bound = network.requireTwoStep() && (own == Role.ORGANISER || own == Role.CENTRAL);
        Future<Boolean> missing = bound ? twoStep.isOn(userId).map(on -> !on) : Future.succeededFuture(false);
        return missing.map(m -> new NetworkAccess(network, userId, own, managesAncestor, centralAbove, m));
    }

    /** Only someone with two-step sign-in on may require it, so a network cannot lock out the person setting it. */
    private Future<Void> mayRequireTwoStep(SignedInUser actor, boolean wanted) {
        return !wanted ? Future.succeededFuture() : twoStep.isOn(actor.id()).compose(on -> on ? Future.succeededFuture()
            : Future.failedFuture(HubException.invalid("requireTwoStep",
                "Turn on two-step sign-in for your own account before requiring it of others")));
    }

    /** For the bridge: may this person receive the network's live events right now? */
    public Future<Boolean> mayReceiveEvents(UUID networkId, UUID userId) {
        return access(networkId, userId).map(NetworkAccess::canViewMembers).otherwise(false);
    }

    // ---- networks -----------------------------------------------------------------------------------------

    /** What a network is created or edited with. Null fields of an edit keep their value. */
    public record NetworkFields(String name, String slug, String description, String visibility,
                                Boolean allowGuestNominations, String parentId, Boolean requireTwoStep) {
    }

    /** Creates a network; the creator becomes its organiser. A child needs organiser or central on the parent. */
    public Future<Network> create(SignedInUser actor, NetworkFields fields, RequestOrigin origin) {
        String name;
        String slug;
        String description;
        Visibility visibility;
        UUID parentId;
        try {
            name = name(fields.name());
            slug = fields.slug() == null || fields.slug().isBlank() ? slugFrom(name) : slug(fields.slug());
            description = description(fields.description());
            visibility = Visibility.parse(fields.visibility(), "visibility");
            parentId = fields.parentId() == null || fields.parentId().isBlank() ? null : uuid(fields.parentId(), "parentId");
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        Future<Void> allowed = parentId == null ? topLevel.check(actor.id())
            : access(parentId, actor.id())
                .recover(err -> Future.failedFuture(HubException.invalid("parentId", "There is no such parent network")))
                .compose(parent -> {
                    if (!parent.canSee()) {
                        return Future.failedFuture(HubException.invalid("parentId", "There is no such parent network"));
                    }
                    if (parent.ownRole() == Role.ORGANISER || parent.ownRole() == Role.CENTRAL) {
                        parent.requireTwoStepIfNeeded();
                    }
                    if (!parent.canCreateChild()) {
                        return Future.failedFuture(HubException.forbidden(
                            "Only an organiser or central team member of the parent network can create a network in it"));
                    }
                    return Future.succeededFuture();
                });
        boolean nominations = Boolean.TRUE.equals(fields.allowGuestNominations());
        boolean requireTwoStep = Boolean.TRUE.equals(fields.requireTwoStep());
        return allowed.compose(v -> mayRequireTwoStep(actor, requireTwoStep)).compose(v -> pool().withTransaction(tx -> networks
                .insert(tx, parentId, name, slug, description, visibility, nominations, actor.id(), requireTwoStep)
                .compose(network -> networks.insertMembership(tx, network.id(), actor.id(), Role.ORGANISER, null)
                    .compose(added -> audit(tx, actor, "network.created", network.id().toString(), origin,
                        new JsonObject().put("slug", slug).put("parentId", parentId == null ? null : parentId.toString())))
                    .map(network))))
            .recover(err -> Future.failedFuture(isUnique(err, "networks_slug_key")
                ? HubException.conflict("slug", "Another network already uses the web address '" + slug + "'")
                : err));
    }

    /** Who may create top-level networks (the composition root sets it from configuration). */
    public void limitTopLevelCreation(TopLevelCreation rule) {
        this.topLevel = rule;
    }

    /**
     * Creates the top-level network an administrator approved, in the caller's transaction, with the person who
     * asked for it as its organiser; private until they choose otherwise. 400 for a bad name or web address, 409
     * when the web address is taken.
     */
    public Future<Network> createRequested(SqlClient tx, UUID requesterId, String requestedName, String requestedSlug,
                                           String requestedDescription, UUID approverId, RequestOrigin origin) {
        String name;
        String slug;
        String description;
        try {
            name = name(requestedName);
            slug = requestedSlug == null || requestedSlug.isBlank() ? slugFrom(name) : slug(requestedSlug);
            description = description(requestedDescription);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return networks.insert(tx, null, name, slug, description, Visibility.PRIVATE, false, requesterId, false)
            .compose(network -> networks.insertMembership(tx, network.id(), requesterId, Role.ORGANISER, null)
                .compose(added -> AuditLog.record(tx, new AuditLog.Entry(approverId, "network.created",
                    network.id().toString(), origin.remoteAddress(), origin.requestId(), new JsonObject()
                        .put("slug", slug).put("requestedBy", requesterId.toString()))))
                .map(network))
            .recover(err -> Future.failedFuture(isUnique(err, "networks_slug_key")
                ? HubException.conflict("slug", "Another network already uses the web address '" + slug + "'")
                : err));
    }

    /** Every network the person may see, with their role in each. */
    public Future<JsonArray> list(SignedInUser actor) {
        return networks.visibleTo(actor.id()).map(listed -> {
            JsonArray array = new JsonArray();
            listed.forEach(entry -> array.add(entry.network().toJson()
                .put("myRole", entry.viewerRole() == null ? null : entry.viewerRole().wire())
                .put("myRoleTitle", entry.viewerRoleTitle())
                .put("memberCount", entry.members())));
            return array;
        });
    }

    /** The longest search the directory takes, in characters; longer is a mistake rather than a search. */
    static final int MAX_SEARCH = 200;

    /**
     * A page of the directory in name order: the networks the caller can see, each with where it sits (its depth
     * and the networks above it) and counts rolled up over its subtree, narrowed by the search words in
     * {@code query} (name, description or a network above it), {@code under} (anywhere below that network),
     * {@code mine} and {@code joinable}. {@code next} is the cursor of the following page, or null.
     */
    public Future<JsonObject> directory(SignedInUser actor, String query, UUID under, boolean mine, boolean joinable,
                                        String cursor, int limit) {
        String afterName = null;
        UUID afterId = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = decoded.lastIndexOf('|');
                afterName = decoded.substring(0, bar);
                afterId = UUID.fromString(decoded.substring(bar + 1));
            } catch (RuntimeException e) {
                return Future.failedFuture(HubException.invalid("after", "The page cursor is not valid"));
            }
        }
        List<String> words;
        try {
            words = searchWords(query);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        var asked = new NetworkRepository.DirectoryQuery(words, under, mine, joinable, afterName, afterId, limit + 1);
        return networks.directory(actor.id(), asked).map(page -> {
            JsonArray listed = new JsonArray();
            page.stream().limit(limit).forEach(placed -> listed.add(placedJson(placed)));
            String next = null;
            if (page.size() > limit) {
                Network last = page.get(limit - 1).network();
                next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (last.name().toLowerCase(Locale.ROOT) + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
            }
            return new JsonObject().put("networks", listed).put("next", next);
        });
    }

    /**
     * Every network the caller can see, in one statement, ordered as a tree: each network followed by the networks
     * inside it, siblings in name order.
     */
    public Future<List<JsonObject>> tree(SignedInUser actor) {
        var everything = new NetworkRepository.DirectoryQuery(List.of(), null, false, false, null, null, null);
        return networks.directory(actor.id(), everything).map(all -> {
            Map<UUID, List<NetworkRepository.Placed>> byParent = new HashMap<>();
            List<NetworkRepository.Placed> roots = new ArrayList<>();
            for (NetworkRepository.Placed placed : all) {
                if (placed.depth() == 0) {
                    roots.add(placed);
                } else {
                    byParent.computeIfAbsent(placed.aboveIds().get(placed.aboveIds().size() - 1), k -> new ArrayList<>())
                        .add(placed);
                }
            }
            List<JsonObject> ordered = new ArrayList<>(all.size());
            Deque<NetworkRepository.Placed> stack = new ArrayDeque<>();
            for (int i = roots.size() - 1; i >= 0; i--) {
                stack.push(roots.get(i));
            }
            while (!stack.isEmpty()) {
                NetworkRepository.Placed placed = stack.pop();
                List<NetworkRepository.Placed> inside = byParent.getOrDefault(placed.network().id(), List.of());
                ordered.add(placedJson(placed).put("visibleChildren", inside.size()));
                for (int i = inside.size() - 1; i >= 0; i--) {
                    stack.push(inside.get(i));
                }
            }
            return ordered;
        });
    }

    /**
     * The networks beside this one (its parent's other children) that the caller may see, each with its counts;
     * empty for a network at the top or whose parent the caller cannot see.
     */
    public Future<JsonArray> siblings(SignedInUser actor, UUID networkId) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireVisible();
            UUID parentId = access.network().parentId();
            if (parentId == null) {
                return Future.succeededFuture(new JsonArray());
            }
            return access(parentId, actor.id()).compose(parent -> !parent.canSee() ? Future.succeededFuture(new JsonArray())
                : networks.children(parentId, actor.id()).map(children -> {
                    JsonArray beside = new JsonArray();
                    visibleChildren(parent, children).stream().map(JsonObject.class::cast)
                        .filter(child -> !child.getString("id").equals(networkId.toString()))
                        .forEach(beside::add);
                    return beside;
                }));
        });
    }

    private static List<String> searchWords(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        if (query.length() > MAX_SEARCH) {
            throw HubException.invalid("q", "Search for " + MAX_SEARCH + " characters or fewer");
        }
        return Arrays.stream(query.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    private static JsonObject placedJson(NetworkRepository.Placed placed) {
        JsonArray above = new JsonArray();
        for (int i = 0; i < placed.above().size(); i++) {
            above.add(new JsonObject().put("id", placed.aboveIds().get(i).toString()).put("name", placed.above().get(i)));
        }
        return placed.network().toJson()
            .put("myRole", placed.viewerRole() == null ? null : placed.viewerRole().wire())
            .put("myRoleTitle", placed.viewerRoleTitle())
            .put("memberCount", placed.members())
            .put("depth", placed.depth())
            .put("above", above)
            .put("counts", new JsonObject().put("networks", placed.descendants()).put("members", placed.subtreeMembers()));
    }

    /**
     * The networks the caller can see that a meeting of {@code near} could invite, nearest first: its parent, then
     * the networks beside it, then those inside it, then the rest by name. Only names containing every word of
     * {@code query} are kept, and at most {@code limit} are returned; {@code total} says how many matched, so a page
     * can ask for a narrower search rather than list every network in the hub.
     */
    public Future<JsonObject> invitableNear(SignedInUser actor, UUID near, String query, int limit) {
        List<String> words = query == null ? List.of()
            : Arrays.stream(query.toLowerCase(Locale.ROOT).trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
        return networks.visibleTo(actor.id()).map(listed -> {
            UUID parent = listed.stream().map(NetworkRepository.Listed::network).filter(n -> n.id().equals(near))
                .findFirst().map(Network::parentId).orElse(null);
            List<JsonObject> matches = listed.stream().map(NetworkRepository.Listed::network)
                .filter(n -> !n.id().equals(near))
                .filter(n -> words.stream().allMatch(w -> n.name().toLowerCase(Locale.ROOT).contains(w)))
                .map(n -> new JsonObject().put("id", n.id().toString()).put("name", n.name())
                    .put("relation", n.id().equals(parent) ? "parent"
                        : parent != null && parent.equals(n.parentId()) ? "sibling"
                        : near.equals(n.parentId()) ? "child" : null))
                .sorted(Comparator.comparingInt((JsonObject n) -> nearness(n.getString("relation")))
                    .thenComparing(n -> n.getString("name"), String.CASE_INSENSITIVE_ORDER))
                .toList();
            return new JsonObject().put("total", matches.size())
                .put("networks", new JsonArray(matches.subList(0, Math.min(limit, matches.size()))));
        });
    }

    private static int nearness(String relation) {
        return relation == null ? 3 : switch (relation) {
            case "parent" -> 0;
            case "sibling" -> 1;
            default -> 2;
        };
    }

    /** A network with the caller's role, the networks above it, its visible children and subtree counts. */
    public Future<JsonObject> get(SignedInUser actor, UUID networkId) {
        return access(networkId, actor.id()).compose(access -> details(actor, access.requireVisible()));
    }

    /** The same, by slug. */
    public Future<JsonObject> getBySlug(SignedInUser actor, String slug) {
        return accessBySlug(slug, actor.id()).compose(access -> details(actor, access.requireVisible()));
    }

    /** The children the person behind {@code access} may see: all of them for those who run it or a network above. */
    private static JsonArray visibleChildren(NetworkAccess access, List<NetworkRepository.Child> children) {
        boolean seesPrivateChildren = access.managesAncestor() || access.ownRole() == Role.ORGANISER
            || access.ownRole() == Role.CENTRAL;
        JsonArray visible = new JsonArray();
        for (NetworkRepository.Child child : children) {
            if (child.network().visibility() != Visibility.PRIVATE || child.viewerRole() != null || seesPrivateChildren) {
                visible.add(child.network().toJson()
                    .put("myRole", child.viewerRole() == null ? null : child.viewerRole().wire())
                    .put("counts", new JsonObject().put("networks", child.descendants()).put("members", child.members())));
            }
        }
        return visible;
    }

    private Future<JsonObject> details(SignedInUser actor, NetworkAccess access) {
        UUID id = access.network().id();
        Future<JsonArray> ancestors = networks.ancestors(id);
        Future<List<NetworkRepository.Child>> children = networks.children(id, actor.id());
        Future<JsonObject> counts = networks.subtreeCounts(id);
        Future<Long> pending = access.isOrganiser()
            ? networks.pendingJoinRequestCount(pool(), id) : Future.succeededFuture(null);
        return Future.all(ancestors, children, counts, pending).map(all -> {
            JsonArray visibleChildren = visibleChildren(access, children.result());
            JsonObject subtree = counts.result();
            return access.network().toJson()
                .put("myRole", access.ownRole() == null ? null : access.ownRole().wire())
                .put("permissions", new JsonObject()
                    .put("edit", access.isOrganiser())
                    .put("viewMembers", access.canViewMembers())
                    .put("createChild", access.canCreateChild())
                    .put("exportRecords", access.isOrganiser() || access.managesAncestor())
                    .put("join", access.ownRole() == null && access.network().visibility() != Visibility.PRIVATE)
                    .put("nominateGuests", access.network().allowGuestNominations() && access.ownRole() != null
                        && access.ownRole().isFullMember()))
                .put("ancestors", ancestors.result())
                .put("children", visibleChildren)
                .put("counts", new JsonObject()
                    .put("members", subtree.getLong("ownMembers"))
                    .put("subtreeMembers", subtree.getLong("members"))
                    .put("subtreeNetworks", subtree.getLong("networks")))
                .put("pendingJoinRequests", pending.result());
        });
    }

    /** Edits a network (organisers of this network only). */
    public Future<Network> update(SignedInUser actor, UUID networkId, NetworkFields fields, RequestOrigin origin) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            Network current = access.network();
            String name = fields.name() == null ? current.name() : name(fields.name());
            String slug = fields.slug() == null ? current.slug() : slug(fields.slug());
            String description = fields.description() == null ? current.description() : description(fields.description());
            Visibility visibility = fields.visibility() == null ? current.visibility()
                : Visibility.parse(fields.visibility(), "visibility");
            boolean nominations = fields.allowGuestNominations() == null ? current.allowGuestNominations()
                : fields.allowGuestNominations();
            if (fields.parentId() != null) {
                throw HubException.invalid("parentId", "A network cannot be moved to another parent");
            }
            boolean requireTwoStep = fields.requireTwoStep() == null ? current.requireTwoStep() : fields.requireTwoStep();
            return mayRequireTwoStep(actor, requireTwoStep && !current.requireTwoStep()).compose(v -> pool()
                .withTransaction(tx -> networks.update(tx, networkId, name, slug, description, visibility, nominations,
                    requireTwoStep)
                    .compose(updated -> audit(tx, actor, "network.updated", networkId.toString(), origin, null).map(updated)))
                .recover(err -> Future.failedFuture(isUnique(err, "networks_slug_key")
                    ? HubException.conflict("slug", "Another network already uses the web address '" + slug + "'")
                    : err)));
        });
    }

    /** Deletes a network that has no networks inside it (organisers only). */
    public Future<Void> delete(SignedInUser actor, UUID networkId, RequestOrigin origin) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            return pool().withTransaction(tx -> networks.hasChildren(tx, networkId).compose(hasChildren -> {
                if (hasChildren) {
                    return Future.failedFuture(HubException.conflict(null,
                        "This network has networks inside it. Delete those first."));
                }
                return networks.delete(tx, networkId)
                    .compose(v -> audit(tx, actor, "network.deleted", networkId.toString(), origin,
                        new JsonObject().put("slug", access.network().slug())));
            }));
        });
    }

    // ---- members ------------------------------------------------------------------------------------------

    /** One page of the member directory, optionally filtered; {@code next} is the cursor of the following page. */
    public Future<JsonObject> members(SignedInUser actor, UUID networkId, String query, String cursor, int limit) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireMemberView();
            String afterName = null;
            UUID afterId = null;
            if (cursor != null && !cursor.isBlank()) {
                try {
                    String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                    int bar = decoded.lastIndexOf('|');
                    afterName = decoded.substring(0, bar);
                    afterId = UUID.fromString(decoded.substring(bar + 1));
                } catch (RuntimeException e) {
                    throw HubException.invalid("after", "The page cursor is not valid");
                }
            }
            String q = query == null || query.isBlank() ? null : query.trim();
            return networks.membersPage(networkId, q, afterName, afterId, limit + 1).map(page -> {
                JsonArray members = new JsonArray();
                page.stream().limit(limit).forEach(member -> members.add(member.toJson()));
                String next = null;
                if (page.size() > limit) {
                    Member last = page.get(limit - 1);
                    next = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        (last.displayName().toLowerCase(Locale.ROOT) + "|" + last.userId()).getBytes(StandardCharsets.UTF_8));
                }
                return new JsonObject().put("members", members).put("next", next);
            });
        });
    }

    /** An organiser adds an existing account by email. */
    public Future<Member> addMember(SignedInUser actor, UUID networkId, String email, String roleName, String roleTitle,
                                    RequestOrigin origin) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            String normalised = email(email, "email");
            Role role = Role.parse(roleName == null ? "member" : roleName, "role");
            String title = roleTitle(roleTitle);
            return networks.peopleByEmail(List.of(normalised)).compose(people -> {
                NetworkRepository.Person person = people.get(normalised);
                if (person == null) {
                    return Future.failedFuture(new HubException(404, "not_found",
                        "No account uses this email address; send an invitation instead", "email"));
                }
                return changeAndPublish(tx -> networks.insertMembership(tx, networkId, person.id(), role, title)
                    .compose(added -> added ? Future.succeededFuture()
                        : Future.failedFuture(HubException.conflict("email", person.displayName() + " is already a member")))
                    .compose(v -> audit(tx, actor, "role.granted", person.id().toString(), origin,
                        new JsonObject().put("networkId", networkId.toString()).put("role", role.wire())))
                    .compose(v -> NetworkEvents.append(tx, networkId, NetworkEvents.MEMBER_JOINED,
                        NetworkEvents.member(person.id(), person.displayName(), role, title)))
                    .compose(event -> networks.member(tx, networkId, person.id())
                        .map(member -> new Change<>(member.orElseThrow(), List.of(event)))));
            });
        });
    }

    /** An organiser changes someone's role or role title; the last organiser cannot be demoted. */
    public Future<Member> changeMember(SignedInUser actor, UUID networkId, UUID userId, String roleName, String roleTitle,
                                       boolean roleTitleGiven, RequestOrigin origin) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            Role newRole = roleName == null ? null : Role.parse(roleName, "role");
            String newTitle = roleTitleGiven ? roleTitle(roleTitle) : null;
            return changeAndPublish(tx -> networks.membership(tx, networkId, userId).compose(found -> {
                NetworkRepository.Membership current = found.orElseThrow(
                    () -> HubException.notFound("This person is not a member of the network"));
                Role role = newRole == null ? current.role() : newRole;
                String title = roleTitleGiven ? newTitle : current.roleTitle();
                Future<Void> guard = current.role() == Role.ORGANISER && role != Role.ORGANISER
                    ? keepsAnOrganiser(tx, networkId, userId) : Future.succeededFuture();
                return guard
                    .compose(v -> networks.updateMembership(tx, networkId, userId, role, title))
                    .compose(v -> role == current.role() ? Future.succeededFuture()
                        : audit(tx, actor, "role.changed", userId.toString(), origin, new JsonObject()
                            .put("networkId", networkId.toString()).put("from", current.role().wire()).put("to", role.wire())))
                    .compose(v -> networks.member(tx, networkId, userId))
                    .compose(member -> NetworkEvents.append(tx, networkId, NetworkEvents.MEMBER_CHANGED,
                            NetworkEvents.member(userId, member.orElseThrow().displayName(), role, title)
                                .put("previousRole", current.role().wire()))
                        .map(event -> new Change<>(member.orElseThrow(), List.of(event),
                            role.isFullMember() ? List.<UUID>of() : List.of(userId))));
            }));
        });
    }

    /** An organiser removes someone, or a member leaves; the last organiser can do neither. */
    public Future<Void> removeMember(SignedInUser actor, UUID networkId, UUID userId, RequestOrigin origin) {
        boolean leaving = actor.id().equals(userId);
        return access(networkId, actor.id()).compose(access -> {
            if (leaving) {
                access.requireVisible();
            } else {
                access.requireOrganiser();
            }
            return changeAndPublish(tx -> networks.member(tx, networkId, userId).compose(found -> {
                Member member = found.orElseThrow(() -> HubException.notFound("This person is not a member of the network"));
                Future<Void> guard = member.role() == Role.ORGANISER
                    ? keepsAnOrganiser(tx, networkId, userId) : Future.succeededFuture();
                return guard
                    .compose(v -> networks.deleteMembership(tx, networkId, userId))
                    .compose(v -> audit(tx, actor, leaving ? "membership.left" : "membership.removed", userId.toString(),
                        origin, new JsonObject().put("networkId", networkId.toString()).put("role", member.role().wire())))
                    .compose(v -> NetworkEvents.append(tx, networkId,
                        leaving ? NetworkEvents.MEMBER_LEFT : NetworkEvents.MEMBER_REMOVED,
                        NetworkEvents.member(userId, member.displayName(), member.role(), member.roleTitle())))
                    .map(event -> new Change<Void>(null, List.of(event), List.of(userId)));
            }));
        });
    }

    private Future<Void> keepsAnOrganiser(SqlClient tx, UUID networkId, UUID leavingOrganiser) {
        return networks.lockOrganisers(tx, networkId).compose(organisers ->
            organisers.stream().anyMatch(id -> !id.equals(leavingOrganiser)) ? Future.succeededFuture()
                : Future.failedFuture(HubException.conflict("role",
                    "A network needs at least one organiser. Make someone else an organiser first.")));
    }

    /** Imports members from CSV (see {@link MemberImport}); {@code dryRun} only reports what would happen. */
    Future<MemberImport.Report> importMembers(SignedInUser actor, UUID networkId, String csv, boolean dryRun,
                                              RequestOrigin origin) {
        return access(networkId, actor.id())
            .compose(access -> new MemberImport(this, networks).run(actor, access, csv, dryRun, origin));
    }

    /** The member directory as CSV. */
    public Future<String> membersCsv(SignedInUser actor, UUID networkId) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireMemberView();
            return networks.membersPage(networkId, null, null, null, 100_000)
                .map(members -> MemberCsv.format(access.network().slug(), members));
        });
    }

    // ---- joining ------------------------------------------------------------------------------------------

    /** Joins an open network at once, or asks to join a request-only one. */
    public Future<JsonObject> join(SignedInUser actor, UUID networkId, RequestOrigin origin) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireVisible();
            if (access.ownRole() != null) {
                throw HubException.conflict(null, "You are already a member of this network");
            }
            Network network = access.network();
            if (network.visibility() == Visibility.PRIVATE) {
                throw HubException.forbidden("This network is by invitation only");
            }
            if (network.visibility() == Visibility.OPEN) {
                return changeAndPublish(tx -> networks.insertMembership(tx, networkId, actor.id(), Role.MEMBER, null)
                    .compose(added -> audit(tx, actor, "membership.joined", actor.id().toString(), origin,
                        new JsonObject().put("networkId", networkId.toString())))
                    .compose(v -> NetworkEvents.append(tx, networkId, NetworkEvents.MEMBER_JOINED,
                        NetworkEvents.member(actor.id(), actor.displayName(), Role.MEMBER, null)))
                    .map(event -> new Change<>(new JsonObject().put("status", "joined"), List.of(event))));
            }
            return changeAndPublish(tx -> networks.insertJoinRequest(tx, networkId, actor.id())
                    .compose(requestId -> networks.pendingJoinRequestCount(tx, networkId)
                        .compose(count -> NetworkEvents.append(tx, networkId, NetworkEvents.JOIN_REQUEST_PENDING,
                            new JsonObject().put("pendingCount", count)))
                        .compose(event -> notifyOrganisers(tx, networkId, "Request to join " + network.name(),
                                actor.displayName() + " has asked to join " + network.name() + ".\n\nReview requests: "
                                    + baseUrl + "/networks/" + network.slug() + "/requests\n")
                            .map(v -> new Change<>(new JsonObject().put("status", "pending")
                                .put("requestId", requestId.toString()), List.of(event))))))
                .recover(err -> Future.failedFuture(isUnique(err, "join_requests_one_pending")
                    ? HubException.conflict(null, "You have already asked to join this network")
                    : err));
        });
    }

    public Future<JsonArray> joinRequests(SignedInUser actor, UUID networkId) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            return networks.pendingJoinRequests(networkId);
        });
    }

    /** An organiser approves (the person joins as a member) or declines a pending request. */
    public Future<Void> decideJoinRequest(SignedInUser actor, UUID networkId, UUID requestId, boolean approve,
                                          RequestOrigin origin) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            return changeAndPublish(tx -> networks.decideJoinRequest(tx, requestId, networkId,
                    approve ? "approved" : "declined", actor.id())
                .compose(found -> {
                    UUID userId = found.orElseThrow(() -> HubException.notFound("There is no pending request with this id"));
                    Future<Void> tell = tellDecided(tx, userId, Notifications.Kind.JOIN_REQUEST_DECIDED, access.network(),
                        approve ? "You have joined " + access.network().name()
                            : "Your request to join " + access.network().name() + " was declined",
                        approve ? "An organiser approved your request: you are now a member of " + access.network().name() + "."
                            : "An organiser of " + access.network().name() + " declined your request to join.",
                        approve ? "/networks/" + access.network().slug() : "/networks");
                    if (!approve) {
                        return tell.compose(v -> audit(tx, actor, "join-request.declined", userId.toString(), origin,
                            new JsonObject().put("networkId", networkId.toString())))
                            .map(v -> new Change<>(userId, List.<JsonObject>of()));
                    }
                    return tell.compose(v -> networks.insertMembership(tx, networkId, userId, Role.MEMBER, null))
                        .compose(added -> audit(tx, actor, "join-request.approved", userId.toString(), origin,
                            new JsonObject().put("networkId", networkId.toString())))
                        .compose(v -> networks.member(tx, networkId, userId))
                        .compose(member -> NetworkEvents.append(tx, networkId, NetworkEvents.MEMBER_JOINED,
                            NetworkEvents.member(userId, member.orElseThrow().displayName(), Role.MEMBER, null)))
                        .map(event -> new Change<>(userId, List.of(event)));
                }));
        }).map(told -> {
            announceTo(told);
            return null;
        });
    }

    /** Tells a person, in the transaction that decided it, what was decided about something they asked for. */
    private Future<Void> tellDecided(SqlClient tx, UUID userId, Notifications.Kind kind, Network network, String subject,
                                     String said, String href) {
        return tx.preparedQuery(NetworkSql.PERSON_EMAIL).execute(Tuple.of(userId)).compose(rows -> {
            if (rows.size() == 0) {
                return Future.succeededFuture();
            }
            Row person = rows.iterator().next();
            String text = "Hello " + person.getString("display_name") + ",\n\n" + said + "\n\n" + baseUrl + href + "\n";
            return Notifications.record(tx, List.of(new Notifications.Notice(userId, kind, network.id(), subject, said, href,
                kind.wire() + ":" + network.id(), new Outbox.Message(person.getString("email"), subject, text, null, null, null))))
                .mapEmpty();
        });
    }

    /** After a commit: the person's open pages show their new unread count. */
    private void announceTo(UUID userId) {
        if (userId != null) {
            Notifications.announceTo(vertx, pool(), List.of(userId));
        }
    }

    // ---- invitations --------------------------------------------------------------------------------------

    /** An organiser invites someone by email: a single-use link valid for 14 days, sent through the outbox. */
    public Future<JsonObject> invite(SignedInUser actor, UUID networkId, String email, String roleName, String roleTitle,
                                     RequestOrigin origin) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            String normalised = email(email, "email");
            Role role = Role.parse(roleName == null ? "member" : roleName, "role");
            String title = roleTitle(roleTitle);
            return pool().withTransaction(tx -> createInvitation(tx, actor, access.network(), normalised, null, null,
                    role, title)
                .compose(invited -> audit(tx, actor,
                    invited.invitation().getBoolean("updated") ? "invitation.updated" : "invitation.created", normalised, origin,
                    new JsonObject().put("networkId", networkId.toString()).put("role", role.wire())).map(invited)));
        }).map(invited -> {
            announceTo(invited.account());
            return invited.invitation();
        });
    }

    /**
     * An invitation as stored, and the account its address belongs to (null when there is none yet), whose open
     * pages are told of the notice once the transaction has committed.
     */
    record Invited(JsonObject invitation, UUID account) {
    }

    /**
     * Sends an invitation, or, when the address already has an open one to this network, changes that one (role,
     * title, a renewed expiry and a new link) so the invitee gets one email saying what changed, not a second
     * invitation. The invitation's {@code updated} says which.
     */
    Future<Invited> createInvitation(SqlClient tx, SignedInUser actor, Network network, String email,
                                                String displayName, String organisation, Role role, String title) {
        String token = SecretTokens.newToken();
        OffsetDateTime expires = OffsetDateTime.now(clock).plus(INVITATION_LIFETIME);
        String asWhat = (role == Role.MEMBER ? "" : " as " + role.wire()) + (title == null ? "" : " (" + title + ")");
        String link = "\n\nAccept the invitation: " + baseUrl + "/invitations/" + token + "\n\n"
            + "The link works once and expires on "
            + DateTimeWords.date(expires.atZoneSameInstant(DateTimeWords.READER).toLocalDate())
            + ". If you do not have an account yet, you can create one from the link.\n";
        return networks.insertInvitation(tx, network.id(), email, displayName, organisation, role, title, SecretTokens.hash(token),
                actor.id(), expires)
            .compose(invitation -> (invitation.getBoolean("updated")
                    ? tellInvitee(tx, network, email, "Your invitation to join " + network.name() + " has changed",
                        actor.displayName() + " has changed your invitation to join " + network.name()
                            + " on the Network hub. You are now invited to join" + (asWhat.isEmpty() ? " as a member" : asWhat)
                            + ".", link + "The link in the earlier email no longer works.\n")
                    : tellInvitee(tx, network, email, "You are invited to join " + network.name(),
                        actor.displayName() + " has invited you to join " + network.name() + " on the Network hub"
                            + asWhat + ".", link))
                .map(account -> new Invited(invitation, account)));
    }

    /**
     * Emails an invitation. Someone who already has an account also gets it in their notifications (the secret
     * link stays in the email only); an address with no account yet gets the email alone. Completes with the
     * account told, or null.
     */
    private Future<UUID> tellInvitee(SqlClient tx, Network network, String email, String subject, String said, String link) {
        Outbox.Message message = new Outbox.Message(email, subject, said + link, null, null, null);
        return tx.preparedQuery(NetworkSql.ACCOUNT_BY_EMAIL).execute(Tuple.of(email)).compose(rows -> {
            if (rows.size() == 0) {
                return Outbox.enqueue(tx, message).map((UUID) null);
            }
            UUID account = rows.iterator().next().getUUID("id");
            return Notifications.record(tx, List.of(new Notifications.Notice(account,
                Notifications.Kind.INVITATION, network.id(), subject, said + " Follow the link in the email we sent you to accept.",
                "/invitations", "invitation:" + network.id(), message))).map(account);
        });
    }

    public Future<JsonArray> invitations(SignedInUser actor, UUID networkId) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            return networks.pendingInvitations(networkId);
        });
    }

    public Future<Void> revokeInvitation(SignedInUser actor, UUID networkId, UUID invitationId, RequestOrigin origin) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            return networks.revokeInvitation(invitationId, networkId).compose(revoked -> revoked
                ? audit(pool(), actor, "invitation.revoked", invitationId.toString(), origin,
                    new JsonObject().put("networkId", networkId.toString()))
                : Future.failedFuture(HubException.notFound("There is no open invitation with this id")));
        });
    }

    /** What an invitation link offers, for the acceptance page: network, role, who sent it, and its state. */
    public Future<JsonObject> invitation(String token) {
        return invitationRow(token).map(this::preview);
    }

    /** The address an invitation was sent to while it is open, for registering from its link. */
    public Future<Optional<String>> openInvitationAddress(String token) {
        return networks.invitationByTokenHash(SecretTokens.hash(token)).map(found -> found.map(this::preview)
            .filter(preview -> "open".equals(preview.getString("status")))
            .map(preview -> preview.getString("email")));
    }

    private Future<Row> invitationRow(String token) {
        return networks.invitationByTokenHash(SecretTokens.hash(token))
            .map(found -> found.orElseThrow(() -> HubException.notFound("This invitation link is not valid")));
    }

    private JsonObject preview(Row row) {
        String status = row.getOffsetDateTime("declined_at") != null ? "declined"
            : row.getOffsetDateTime("revoked_at") != null ? "revoked"
            : row.getOffsetDateTime("accepted_at") != null ? "accepted"
            : row.getOffsetDateTime("expires_at").toInstant().isBefore(clock.instant()) ? "expired" : "open";
        return new JsonObject()
            .put("networkId", row.getUUID("network_id").toString())
            .put("networkName", row.getString("network_name"))
            .put("networkSlug", row.getString("network_slug"))
            .put("email", row.getString("email"))
            .put("role", row.getString("role"))
            .put("roleTitle", row.getString("role_title"))
            .put("invitedBy", row.getString("invited_by"))
            .put("expiresAt", row.getOffsetDateTime("expires_at").toString())
            .put("status", status);
    }

    /**
     * Accepts an invitation once through its emailed link: the signed-in person joins with the invited role. Using
     * a link sent to their own address shows they receive mail there, so they may answer later ones in the hub.
     */
    public Future<JsonObject> accept(SignedInUser actor, String token, RequestOrigin origin) {
        return invitationRow(token).compose(invitation -> accept(actor, invitation, origin));
    }

    /**
     * The open invitations to the person's own address, for "Your invitations", and {@code canAnswer}: whether
     * they may accept or decline them here, which needs an address they have shown they receive mail at.
     */
    public Future<JsonObject> myInvitations(SignedInUser actor) {
        return Future.all(networks.myInvitations(actor.id()), networks.emailVerified(actor.id())).map(all -> {
            JsonArray invitations = new JsonArray();
            all.<List<Row>>resultAt(0).forEach(row -> invitations.add(mine(row)));
            return new JsonObject().put("invitations", invitations).put("canAnswer", all.<Boolean>resultAt(1));
        });
    }

    /** Accepts one of the person's own open invitations by its id. */
    public Future<JsonObject> acceptMine(SignedInUser actor, UUID invitationId, RequestOrigin origin) {
        return ownOpenInvitation(actor, invitationId).compose(invitation -> accept(actor, invitation, origin));
    }

    /** Declines one of the person's own open invitations by its id: it closes, and its emailed link says so. */
    public Future<JsonObject> declineMine(SignedInUser actor, UUID invitationId, RequestOrigin origin) {
        return ownOpenInvitation(actor, invitationId).compose(invitation -> pool().withTransaction(tx -> networks
            .declineInvitation(tx, invitationId, actor.id())
            .compose(declined -> declined
                ? audit(tx, actor, "invitation.declined", invitationId.toString(), origin,
                    new JsonObject().put("networkId", invitation.getUUID("network_id").toString()))
                : Future.failedFuture(HubException.notFound(NOT_YOUR_INVITATION)))
            .map(v -> new JsonObject().put("status", "declined")
                .put("networkId", invitation.getUUID("network_id").toString()))));
    }

    private static final String NOT_YOUR_INVITATION = "You have no open invitation with this id";

    /**
     * One of the person's open invitations. Any other id, someone else's invitation among them, is unknown to
     * them (404); their own may be answered here only from an address they have shown they receive mail at, since
     * anyone can register an account with an address they do not own.
     */
    private Future<Row> ownOpenInvitation(SignedInUser actor, UUID invitationId) {
        return networks.myInvitations(actor.id()).compose(rows -> {
            Row invitation = rows.stream().filter(row -> row.getUUID("id").equals(invitationId)).findFirst()
                .orElseThrow(() -> HubException.notFound(NOT_YOUR_INVITATION));
            return networks.emailVerified(actor.id()).map(verified -> {
                if (!verified) {
                    throw HubException.forbidden("To answer this invitation, use the link in the email we sent you."
                        + " After that you can answer invitations here.");
                }
                return invitation;
            });
        });
    }

    private JsonObject mine(Row row) {
        return preview(row).put("id", row.getUUID("id").toString())
            .put("createdAt", row.getOffsetDateTime("created_at").toString());
    }

    private Future<JsonObject> accept(SignedInUser actor, Row invitation, RequestOrigin origin) {
        JsonObject preview = preview(invitation);
        if (!"open".equals(preview.getString("status"))) {
            return Future.failedFuture(HubException.conflict(null, switch (preview.getString("status")) {
                case "accepted" -> "This invitation has already been used";
                case "revoked" -> "This invitation has been withdrawn";
                case "declined" -> "You declined this invitation. Ask the organiser for a new one.";
                default -> "This invitation has expired. Ask the organiser for a new one.";
            }));
        }
        UUID networkId = UUID.fromString(preview.getString("networkId"));
        return changeAndPublish(tx -> networks
            .claimInvitation(tx, invitation.getUUID("id"), actor.id())
            .compose(claimed -> networks.markEmailVerified(tx, actor.id(), preview.getString("email")).map(claimed))
            .compose(claimed -> {
                var row = claimed.orElseThrow(() -> HubException.conflict(null, "This invitation has already been used"));
                Role role = Role.fromDatabase(row.getString("role"));
                String title = row.getString("role_title");
                return networks.insertMembership(tx, networkId, actor.id(), role, title, preview.getString("email"))
                    .compose(added -> {
                    JsonObject result = new JsonObject().put("networkId", networkId.toString())
                        .put("networkSlug", preview.getString("networkSlug"));
                    if (!added) {
                        return Future.succeededFuture(new Change<>(result.put("status", "already-member"), List.<JsonObject>of()));
                    }
                    return audit(tx, actor, "invitation.accepted", actor.id().toString(), origin,
                            new JsonObject().put("networkId", networkId.toString()).put("role", role.wire()))
                        .compose(v -> NetworkEvents.append(tx, networkId, NetworkEvents.MEMBER_JOINED,
                            NetworkEvents.member(actor.id(), actor.displayName(), role, title)))
                        .map(event -> new Change<>(result.put("status", "joined").put("role", role.wire()), List.of(event)));
                });
            }));
    }

    // ---- guest nominations --------------------------------------------------------------------------------

    /** A full member nominates a guest, where the network allows it; organisers are told by email. */
    public Future<JsonObject> nominate(SignedInUser actor, UUID networkId, String name, String email, String reason,
                                       RequestOrigin origin) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireVisible();
            if (access.ownRole() == null || !access.ownRole().isFullMember()) {
                throw HubException.forbidden("Only members of this network can nominate guests");
            }
            if (!access.network().allowGuestNominations()) {
                throw HubException.forbidden("This network does not take guest nominations");
            }
            String guestName = required(name, "name", "Enter the guest's name", 100);
            String guestEmail = email(email, "email");
            String why = required(reason, "reason", "Say why you are nominating this guest", 1000);
            Network network = access.network();
            return pool().withTransaction(tx -> networks.insertNomination(tx, networkId, actor.id(), guestName, guestEmail, why)
                .compose(nomination -> notifyOrganisers(tx, networkId, "Guest nomination for " + network.name(),
                        actor.displayName() + " has nominated " + guestName + " as a guest of " + network.name()
                            + ":\n\n" + why + "\n\nReview nominations: " + baseUrl + "/networks/" + network.slug()
                            + "/requests\n")
                    .compose(v -> audit(tx, actor, "guest.nominated", guestEmail, origin,
                        new JsonObject().put("networkId", networkId.toString())))
                    .map(nomination)));
        });
    }

    public Future<JsonArray> nominations(SignedInUser actor, UUID networkId) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            return networks.pendingNominations(networkId);
        });
    }

    /** An organiser approves a nomination (which sends the guest an invitation) or declines it. */
    public Future<JsonObject> decideNomination(SignedInUser actor, UUID networkId, UUID nominationId, boolean approve,
                                               RequestOrigin origin) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireOrganiser();
            return pool().withTransaction(tx -> networks.decideNomination(tx, nominationId, networkId,
                    approve ? "approved" : "declined", actor.id())
                .compose(found -> {
                    var row = found.orElseThrow(() -> HubException.notFound("There is no pending nomination with this id"));
                    UUID nominator = row.getUUID("nominated_by");
                    Future<Void> tell = nominator == null ? Future.succeededFuture()
                        : tellDecided(tx, nominator, Notifications.Kind.NOMINATION_DECIDED, access.network(),
                            "Your nomination of " + row.getString("name") + (approve ? " was approved" : " was declined"),
                            approve ? "An organiser of " + access.network().name() + " approved your nomination of "
                                + row.getString("name") + " as a guest: they have been sent an invitation."
                                : "An organiser of " + access.network().name() + " declined your nomination of "
                                + row.getString("name") + " as a guest.",
                            "/networks/" + access.network().slug());
                    if (!approve) {
                        return tell.compose(v -> audit(tx, actor, "guest.declined", row.getString("email"), origin,
                            new JsonObject().put("networkId", networkId.toString())))
                            .map(new Decided(new JsonObject().put("status", "declined"), nominator, null));
                    }
                    return tell.compose(ignored -> createInvitation(tx, actor, access.network(), row.getString("email"), row.getString("name"),
                            null, Role.GUEST, null)
                        .compose(invited -> networks.linkNominationInvitation(tx, nominationId,
                                UUID.fromString(invited.invitation().getString("id")))
                            .compose(v -> audit(tx, actor, "guest.approved", row.getString("email"), origin,
                                new JsonObject().put("networkId", networkId.toString())))
                            .map(v -> new Decided(new JsonObject().put("status", "approved").put("invitation", invited.invitation()),
                                nominator, invited.account()))));
                }));
        }).map(decided -> {
            announceTo(decided.nominator());
            announceTo(decided.nominee());
            return decided.result();
        });
    }

    /** A decided nomination: the answer, and the accounts told of it (either may be null), to announce after commit. */
    private record Decided(JsonObject result, UUID nominator, UUID nominee) {
    }

    // ---- events -------------------------------------------------------------------------------------------

    /** The network's events after {@code after}, for a page catching up after a reconnect. */
    public Future<JsonObject> events(SignedInUser actor, UUID networkId, long after, int limit) {
        return access(networkId, actor.id()).compose(access -> {
            access.requireMemberView();
            return Future.all(networks.eventsAfter(networkId, after, limit), networks.latestSeq(networkId))
                .map(all -> new JsonObject().put("events", all.<JsonArray>resultAt(0)).put("latestSeq", all.<Long>resultAt(1)));
        });
    }

    /** The number of the network's latest event, rendered into pages so they know where to catch up from. */
    public Future<Long> latestSeq(UUID networkId) {
        return networks.latestSeq(networkId);
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    /**
     * A committed change: its result, the events to publish once the transaction has committed, and the people
     * whose live access it took away (revoked before anything is published, so they receive none of it).
     */
    record Change<T>(T result, List<JsonObject> events, List<UUID> revokeLiveAccess) {
        Change(T result, List<JsonObject> events) {
            this(result, events, List.of());
        }
    }

    <T> Future<T> changeAndPublish(java.util.function.Function<SqlClient, Future<Change<T>>> work) {
        return pool().withTransaction(tx -> work.apply(tx)).map(change -> {
            change.revokeLiveAccess().forEach(userId -> bridge.revoke(userId.toString()));
            change.events().forEach(event -> NetworkEvents.publish(vertx, event));
            return change.result();
        });
    }

    Future<Void> notifyOrganisers(SqlClient tx, UUID networkId, String subject, String body) {
        return networks.organiserEmails(tx, networkId).compose(emails -> {
            List<Future<Void>> queued = new ArrayList<>();
            emails.forEach(to -> queued.add(Outbox.enqueue(tx, to, subject, body)));
            return Future.all(queued).mapEmpty();
        });
    }

    static Future<Void> audit(SqlClient client, SignedInUser actor, String action, String subject, RequestOrigin origin,
                              JsonObject detail) {
        return AuditLog.record(client, new AuditLog.Entry(actor.id(), action, subject, origin.remoteAddress(),
            origin.requestId(), detail));
    }

    static boolean isUnique(Throwable err, String constraint) {
        return err instanceof PgException pg && "23505".equals(pg.getSqlState()) && constraint.equals(pg.getConstraint());
    }

    static UUID uuid(String value, String field) {
        try {
            return UUID.fromString(value.trim());
        } catch (RuntimeException e) {
            throw HubException.invalid(field, "'" + field + "' is not a valid id");
        }
    }

    static String name(String value) {
        return required(value, "name", "Enter a name for the network", 120);
    }

    static String slug(String value) {
        String slug = value == null ? "" : value.trim();
        if (slug.isEmpty()) {
            throw HubException.invalid("slug", "Enter a web address for the network");
        }
        if (slug.length() < 2 || slug.length() > 60 || !SLUG.matcher(slug).matches()) {
            throw HubException.invalid("slug",
                "Web address must be 2 to 60 lower-case letters, numbers and single hyphens, like leeds-cancer");
        }
        return slug;
    }

    static String slugFrom(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-$", "");
        }
        return slug(slug.length() < 2 ? "network-" + slug : slug);
    }

    static String description(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String description = value.strip();
        if (description.length() > 2000) {
            throw HubException.invalid("description", "Description must be 2,000 characters or fewer");
        }
        return description;
    }

    static String roleTitle(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String title = value.strip();
        if (title.length() > 100) {
            throw HubException.invalid("roleTitle", "Role title must be 100 characters or fewer");
        }
        return title;
    }

    static String email(String value, String field) {
        String email = EmailAddresses.normalise(value);
        if (email.isEmpty()) {
            throw HubException.invalid(field, "Enter an email address");
        }
        if (!EmailAddresses.isValid(email)) {
            throw HubException.invalid(field, EmailAddresses.FORMAT_MESSAGE);
        }
        return email;
    }

    static String required(String value, String field, String missing, int max) {
        if (value == null || value.isBlank()) {
            throw HubException.invalid(field, missing);
        }
        String text = value.strip();
        if (text.length() > max) {
            throw HubException.invalid(field, "Must be " + max + " characters or fewer");
        }
        return text;
    }
}
