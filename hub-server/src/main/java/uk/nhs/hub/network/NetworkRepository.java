package uk.nhs.hub.network;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Reads and writes networks, memberships, join requests, invitations and guest nominations. */
final class NetworkRepository {

    /** A person's role and title in one network. */
    record Membership(Role role, String roleTitle) {
    }

    /** A child network with the size of its subtree and the viewer's role there. */
    record Child(Network network, long descendants, long members, Role viewerRole) {
    }

    /** A network in the viewer's list, with their role and the member count. */
    record Listed(Network network, Role viewerRole, String viewerRoleTitle, long members) {
    }

    /**
     * A network in the directory: where it sits among the networks the viewer can see ({@code depth} and the names
     * and ids above it, top first) and counts rolled up over its subtree.
     */
    record Placed(Network network, int depth, List<String> above, List<UUID> aboveIds, long descendants,
                  long subtreeMembers, long members, Role viewerRole, String viewerRoleTitle) {
    }

    /** What the directory is asked for; null or false leaves a filter off. */
    record DirectoryQuery(List<String> words, UUID under, boolean mine, boolean joinable, String afterName,
                          UUID afterId, Integer limit) {
    }

    /** An account found by email. */
    record Person(UUID id, String email, String displayName) {
    }

    private final Pool pool;

    NetworkRepository(Pool pool) {
        this.pool = pool;
    }

    Pool pool() {
        return pool;
    }

    Future<Network> insert(SqlClient client, UUID parentId, String name, String slug, String description,
                           Visibility visibility, boolean allowGuestNominations, UUID createdBy, boolean requireTwoStep) {
        return client.preparedQuery(NetworkSql.INSERT_NETWORK)
            .execute(Tuple.of(parentId, name, slug, description, visibility.wire(), allowGuestNominations, createdBy,
                requireTwoStep))
            .map(rows -> Network.fromRow(rows.iterator().next()));
    }

    Future<Optional<Network>> findById(UUID id) {
        return pool.preparedQuery(NetworkSql.FIND_BY_ID).execute(Tuple.of(id)).map(rows -> first(rows, Network::fromRow));
    }

    Future<Optional<Network>> findBySlug(String slug) {
        return pool.preparedQuery(NetworkSql.FIND_BY_SLUG).execute(Tuple.of(slug))
            .map(rows -> first(rows, Network::fromRow));
    }

    /** The person's role at each depth (0 is the network itself) where they have one. */
    Future<Map<Integer, Role>> rolesUpTheTree(UUID networkId, UUID userId) {
        return pool.preparedQuery(NetworkSql.ROLES_UP_THE_TREE).execute(Tuple.of(networkId, userId)).map(rows -> {
            Map<Integer, Role> roles = new HashMap<>();
            rows.forEach(row -> roles.put(row.getInteger("depth"), Role.fromDatabase(row.getString("role"))));
            return roles;
        });
    }

    Future<JsonArray> ancestors(UUID networkId) {
        return pool.preparedQuery(NetworkSql.ANCESTORS).execute(Tuple.of(networkId)).map(rows -> {
            JsonArray ancestors = new JsonArray();
            rows.forEach(row -> ancestors.add(new JsonObject().put("id", row.getUUID("id").toString())
                .put("name", row.getString("name")).put("slug", row.getString("slug"))));
            return ancestors;
        });
    }

    Future<List<Child>> children(UUID networkId, UUID viewerId) {
        return pool.preparedQuery(NetworkSql.CHILDREN_WITH_COUNTS).execute(Tuple.of(networkId, viewerId))
            .map(rows -> all(rows, row -> new Child(Network.fromRow(row), row.getLong("descendants"),
                row.getLong("members"), Role.fromDatabase(row.getString("my_role")))));
    }

    Future<JsonObject> subtreeCounts(UUID networkId) {
        return pool.preparedQuery(NetworkSql.SUBTREE_COUNTS).execute(Tuple.of(networkId)).map(rows -> {
            Row row = rows.iterator().next();
            return new JsonObject().put("networks", row.getLong("descendants")).put("members", row.getLong("members"))
                .put("ownMembers", row.getLong("own_members"));
        });
    }

    Future<List<Listed>> visibleTo(UUID userId) {
        return pool.preparedQuery(NetworkSql.VISIBLE_NETWORKS).execute(Tuple.of(userId))
            .map(rows -> all(rows, row -> new Listed(Network.fromRow(row), Role.fromDatabase(row.getString("my_role")),
                row.getString("my_role_title"), row.getLong("members"))));
    }

    /** One statement for the whole directory, or a filtered page of it; see {@link NetworkSql#DIRECTORY}. */
    Future<List<Placed>> directory(UUID viewerId, DirectoryQuery query) {
        String[] patterns = query.words().isEmpty() ? null : query.words().stream()
            .map(w -> "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
            .toArray(String[]::new);
        Tuple params = Tuple.of(viewerId, patterns, query.under(), query.mine(), query.joinable(), query.afterName())
            .addUUID(query.afterId()).addInteger(query.limit());
        return pool.preparedQuery(NetworkSql.DIRECTORY).execute(params)
            .map(rows -> all(rows, row -> new Placed(Network.fromRow(row), row.getInteger("depth"),
                List.of(row.getArrayOfStrings("above")), List.of(row.getArrayOfUUIDs("above_ids")),
                row.getLong("descendants"), row.getLong("subtree_members"), row.getLong("members"),
                Role.fromDatabase(row.getString("my_role")), row.getString("my_role_title"))));
    }

    /** Slug to id for the network and everything below it. */
    Future<Map<String, UUID>> subtree(UUID networkId) {
        return pool.preparedQuery(NetworkSql.SUBTREE_IDS).execute(Tuple.of(networkId)).map(rows -> {
            Map<String, UUID> ids = new HashMap<>();
            rows.forEach(row -> ids.put(row.getString("slug"), row.getUUID("id")));
            return ids;
        });
    }

    Future<Network> update(SqlClient client, UUID id, String name, String slug, String description,
                           Visibility visibility, boolean allowGuestNominations, boolean requireTwoStep) {
        return client.preparedQuery(NetworkSql.UPDATE_NETWORK)
            .execute(Tuple.of(id, name, slug, description, visibility.wire(), allowGuestNominations, requireTwoStep))
            .map(rows -> Network.fromRow(rows.iterator().next()));
    }

    Future<Boolean> hasChildren(SqlClient client, UUID id) {
        return client.preparedQuery(NetworkSql.HAS_CHILDREN).execute(Tuple.of(id))
            .map(rows -> rows.iterator().next().getBoolean("has_children"));
    }

    Future<Void> delete(SqlClient client, UUID id) {
        return client.preparedQuery(NetworkSql.DELETE_NETWORK).execute(Tuple.of(id)).mapEmpty();
    }

    Future<Optional<Membership>> membership(SqlClient client, UUID networkId, UUID userId) {
        return client.preparedQuery(NetworkSql.FIND_MEMBERSHIP).execute(Tuple.of(networkId, userId))
            .map(rows -> first(rows, row -> new Membership(Role.fromDatabase(row.getString("role")),
                row.getString("role_title"))));
    }

    /**
     * Adds a membership and retires every other open invitation for the person's address to that network, however
     * they joined; false when the person was already a member.
     */
    Future<Boolean> insertMembership(SqlClient client, UUID networkId, UUID userId, Role role, String roleTitle) {
        return insertMembership(client, networkId, userId, role, roleTitle, null);
    }

    /** As above, also retiring open invitations to {@code invitedEmail}, the address an accepted invitation used. */
    Future<Boolean> insertMembership(SqlClient client, UUID networkId, UUID userId, Role role, String roleTitle,
                                     String invitedEmail) {
        return client.preparedQuery(NetworkSql.INSERT_MEMBERSHIP).execute(Tuple.of(networkId, userId, role.wire(), roleTitle))
            .compose(rows -> client.preparedQuery(NetworkSql.RETIRE_INVITATIONS)
                .execute(Tuple.of(networkId, userId, invitedEmail))
                .map(retired -> rows.rowCount() == 1));
    }

    Future<Boolean> updateMembership(SqlClient client, UUID networkId, UUID userId, Role role, String roleTitle) {
        return client.preparedQuery(NetworkSql.UPDATE_MEMBERSHIP).execute(Tuple.of(networkId, userId, role.wire(), roleTitle))
            .map(rows -> rows.rowCount() == 1);
    }

    Future<Boolean> deleteMembership(SqlClient client, UUID networkId, UUID userId) {
        return client.preparedQuery(NetworkSql.DELETE_MEMBERSHIP).execute(Tuple.of(networkId, userId))
            .map(rows -> rows.rowCount() == 1);
    }

    /** The organisers' ids, locking their rows until the transaction ends. */
    Future<List<UUID>> lockOrganisers(SqlClient client, UUID networkId) {
        return client.preparedQuery(NetworkSql.LOCK_ORGANISERS).execute(Tuple.of(networkId))
            .map(rows -> all(rows, row -> row.getUUID("user_id")));
    }

    Future<List<Member>> membersPage(UUID networkId, String query, String afterName, UUID afterId, int limit) {
        String pattern = query == null ? null : "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return pool.preparedQuery(NetworkSql.MEMBERS_PAGE)
            .execute(Tuple.of(networkId, pattern, afterName, afterId, limit))
            .map(rows -> all(rows, Member::fromRow));
    }

    Future<Optional<Member>> member(SqlClient client, UUID networkId, UUID userId) {
        return client.preparedQuery(NetworkSql.FIND_MEMBER).execute(Tuple.of(networkId, userId))
            .map(rows -> first(rows, Member::fromRow));
    }

    Future<JsonArray> eventsAfter(UUID networkId, long after, int limit) {
        return pool.preparedQuery(NetworkSql.EVENTS_AFTER).execute(Tuple.of(networkId, after, limit)).map(rows -> {
            JsonArray events = new JsonArray();
            rows.forEach(row -> events.add(((JsonObject) row.getValue("payload")).copy()
                .put("networkId", networkId.toString())
                .put("seq", row.getLong("seq"))
                .put("type", row.getString("type"))
                .put("at", row.getOffsetDateTime("created_at").toString())));
            return events;
        });
    }

    Future<Long> latestSeq(UUID networkId) {
        return pool.preparedQuery(NetworkSql.LATEST_SEQ).execute(Tuple.of(networkId))
            .map(rows -> rows.iterator().next().getLong("event_seq"));
    }

    Future<UUID> insertJoinRequest(SqlClient client, UUID networkId, UUID userId) {
        return client.preparedQuery(NetworkSql.INSERT_JOIN_REQUEST).execute(Tuple.of(networkId, userId))
            .map(rows -> rows.iterator().next().getUUID("id"));
    }

    Future<Long> pendingJoinRequestCount(SqlClient client, UUID networkId) {
        return client.preparedQuery(NetworkSql.COUNT_PENDING_JOIN_REQUESTS).execute(Tuple.of(networkId))
            .map(rows -> rows.iterator().next().getLong("pending"));
    }

    Future<JsonArray> pendingJoinRequests(UUID networkId) {
        return pool.preparedQuery(NetworkSql.PENDING_JOIN_REQUESTS).execute(Tuple.of(networkId)).map(rows -> {
            JsonArray requests = new JsonArray();
            rows.forEach(row -> requests.add(new JsonObject()
                .put("id", row.getUUID("id").toString())
                .put("userId", row.getUUID("user_id").toString())
                .put("displayName", row.getString("display_name"))
                .put("email", row.getString("email"))
                .put("organisation", row.getString("organisation"))
                .put("jobTitle", row.getString("job_title"))
                .put("requestedAt", row.getOffsetDateTime("created_at").toString())));
            return requests;
        });
    }

    /** Decides a pending request; empty when there is no pending request with that id in the network. */
    Future<Optional<UUID>> decideJoinRequest(SqlClient client, UUID requestId, UUID networkId, String status, UUID by) {
        return client.preparedQuery(NetworkSql.DECIDE_JOIN_REQUEST).execute(Tuple.of(requestId, networkId, status, by))
            .map(rows -> first(rows, row -> row.getUUID("user_id")));
    }

    Future<JsonObject> insertInvitation(SqlClient client, UUID networkId, String email, String displayName,
                                        String organisation, Role role, String roleTitle, String tokenHash,
                                        UUID invitedBy, OffsetDateTime expiresAt) {
        return client.preparedQuery(NetworkSql.INSERT_INVITATION)
            .execute(Tuple.from(new Object[]{networkId, email, displayName, organisation, role.wire(), roleTitle,
                tokenHash, invitedBy, expiresAt}))
            .map(rows -> {
                Row row = rows.iterator().next();
                return new JsonObject().put("id", row.getUUID("id").toString())
                    .put("expiresAt", row.getOffsetDateTime("expires_at").toString())
                    .put("updated", row.getBoolean("updated"));
            });
    }

    Future<JsonArray> pendingInvitations(UUID networkId) {
        return pool.preparedQuery(NetworkSql.PENDING_INVITATIONS).execute(Tuple.of(networkId)).map(rows -> {
            JsonArray invitations = new JsonArray();
            rows.forEach(row -> invitations.add(new JsonObject()
                .put("id", row.getUUID("id").toString())
                .put("email", row.getString("email"))
                .put("displayName", row.getString("display_name"))
                .put("role", row.getString("role"))
                .put("roleTitle", row.getString("role_title"))
                .put("invitedBy", row.getString("invited_by"))
                .put("createdAt", row.getOffsetDateTime("created_at").toString())
                .put("expiresAt", row.getOffsetDateTime("expires_at").toString())));
            return invitations;
        });
    }

    Future<Boolean> revokeInvitation(UUID invitationId, UUID networkId) {
        return pool.preparedQuery(NetworkSql.REVOKE_INVITATION).execute(Tuple.of(invitationId, networkId))
            .map(rows -> rows.rowCount() == 1);
    }

    Future<Optional<Row>> invitationByTokenHash(String tokenHash) {
        return pool.preparedQuery(NetworkSql.FIND_INVITATION_BY_TOKEN).execute(Tuple.of(tokenHash))
            .map(rows -> first(rows, row -> row));
    }

    /** The open invitations to the person's own address, newest first. */
    Future<List<Row>> myInvitations(UUID userId) {
        return pool.preparedQuery(NetworkSql.MY_INVITATIONS).execute(Tuple.of(userId)).map(rows -> {
            List<Row> mine = new ArrayList<>();
            rows.forEach(mine::add);
            return mine;
        });
    }

    /** Whether the person has shown they receive mail at their account's address. */
    Future<Boolean> emailVerified(UUID userId) {
        return pool.preparedQuery(NetworkSql.EMAIL_VERIFIED).execute(Tuple.of(userId))
            .map(rows -> rows.iterator().hasNext() && rows.iterator().next().getBoolean("verified"));
    }

    Future<Void> markEmailVerified(SqlClient client, UUID userId, String invitedAddress) {
        return client.preparedQuery(NetworkSql.MARK_EMAIL_VERIFIED).execute(Tuple.of(userId, invitedAddress)).mapEmpty();
    }

    /** Declines an open invitation to the person's own address; false when there is none with this id. */
    Future<Boolean> declineInvitation(SqlClient client, UUID invitationId, UUID userId) {
        return client.preparedQuery(NetworkSql.DECLINE_INVITATION).execute(Tuple.of(invitationId, userId))
            .map(rows -> rows.rowCount() == 1);
    }

    /** Claims the invitation for this person; empty when it was used, revoked or expired meanwhile. */
    Future<Optional<Row>> claimInvitation(SqlClient client, UUID invitationId, UUID userId) {
        return client.preparedQuery(NetworkSql.CLAIM_INVITATION).execute(Tuple.of(invitationId, userId))
            .map(rows -> first(rows, row -> row));
    }

    Future<JsonObject> insertNomination(SqlClient client, UUID networkId, UUID by, String name, String email,
                                        String reason) {
        return client.preparedQuery(NetworkSql.INSERT_NOMINATION).execute(Tuple.of(networkId, by, name, email, reason))
            .map(rows -> new JsonObject().put("id", rows.iterator().next().getUUID("id").toString())
                .put("status", "pending"));
    }

    Future<JsonArray> pendingNominations(UUID networkId) {
        return pool.preparedQuery(NetworkSql.PENDING_NOMINATIONS).execute(Tuple.of(networkId)).map(rows -> {
            JsonArray nominations = new JsonArray();
            rows.forEach(row -> nominations.add(new JsonObject()
                .put("id", row.getUUID("id").toString())
                .put("name", row.getString("name"))
                .put("email", row.getString("email"))
                .put("reason", row.getString("reason"))
                .put("nominatedBy", row.getString("nominated_by"))
                .put("createdAt", row.getOffsetDateTime("created_at").toString())));
            return nominations;
        });
    }

    Future<Optional<Row>> decideNomination(SqlClient client, UUID nominationId, UUID networkId, String status, UUID by) {
        return client.preparedQuery(NetworkSql.DECIDE_NOMINATION).execute(Tuple.of(nominationId, networkId, status, by))
            .map(rows -> first(rows, row -> row));
    }

    Future<Void> linkNominationInvitation(SqlClient client, UUID nominationId, UUID invitationId) {
        return client.preparedQuery(NetworkSql.LINK_NOMINATION_INVITATION).execute(Tuple.of(nominationId, invitationId))
            .mapEmpty();
    }

    Future<Map<String, Person>> peopleByEmail(List<String> emails) {
        return pool.preparedQuery(NetworkSql.USERS_BY_EMAIL).execute(Tuple.of(emails.toArray(new String[0])))
            .map(rows -> {
                Map<String, Person> people = new HashMap<>();
                rows.forEach(row -> people.put(row.getString("email"),
                    new Person(row.getUUID("id"), row.getString("email"), row.getString("display_name"))));
                return people;
            });
    }

    /** Memberships of the given people, keyed "networkId/userId". */
    Future<Map<String, Membership>> membershipsOf(List<UUID> userIds) {
        return pool.preparedQuery(NetworkSql.MEMBERSHIPS_OF_USERS).execute(Tuple.of(userIds.toArray(new UUID[0])))
            .map(rows -> {
                Map<String, Membership> memberships = new HashMap<>();
                rows.forEach(row -> memberships.put(row.getUUID("network_id") + "/" + row.getUUID("user_id"),
                    new Membership(Role.fromDatabase(row.getString("role")), row.getString("role_title"))));
                return memberships;
            });
    }

    Future<List<String>> organiserEmails(SqlClient client, UUID networkId) {
        return client.preparedQuery(NetworkSql.ORGANISER_EMAILS).execute(Tuple.of(networkId))
            .map(rows -> all(rows, row -> row.getString("email")));
    }

    private static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? Optional.of(mapper.apply(iterator.next())) : Optional.empty();
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> list = new ArrayList<>(rows.size());
        rows.forEach(row -> list.add(mapper.apply(row)));
        return list;
    }
}
