package uk.nhs.hub.network;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.hub.TestHub.await;

/**
 * A subtree's member count is read from rows the database keeps as memberships change (V71), not counted from
 * every membership in the tree on each view. Each test changes memberships the ways the hub can and checks both
 * what the network page says and that the kept rows equal a count made from scratch.
 */
class SubtreeMembersTest {

    private static WebClient client;
    private static TestUser ann;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        ann = TestUsers.create(client, "Ann Organiser");
    }

    private static HttpResponse<Buffer> send(String method, TestUser user, String path, JsonObject body) {
        var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), path).putHeader("Authorization", user.bearer());
        return await(body == null ? request.send() : request.sendJsonObject(body));
    }

    /** The subtree's members as the network page gives them. */
    private static long subtreeMembers(UUID network) {
        HttpResponse<Buffer> response = send("GET", ann, "/api/networks/" + network, null);
        assertEquals(200, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject().getJsonObject("counts").getLong("subtreeMembers");
    }

    /** A child's subtree members as its parent's page lists them. */
    private static long childMembers(UUID parent, UUID child) {
        return send("GET", ann, "/api/networks/" + parent, null).bodyAsJsonObject().getJsonArray("children").stream()
            .map(JsonObject.class::cast).filter(c -> c.getString("id").equals(child.toString())).findFirst().orElseThrow()
            .getJsonObject("counts").getLong("members");
    }

    /** The kept rows differ from a count made from scratch out of the memberships in no row. */
    private static void assertKeptRowsMatchMemberships() {
        long differences = await(TestHub.get().pool().query("""
            WITH RECURSIVE up AS (
                SELECT m.user_id, n.id AS ancestor_id, n.parent_id
                FROM memberships m JOIN networks n ON n.id = m.network_id WHERE m.role <> 'guest'
                UNION ALL
                SELECT up.user_id, n.id, n.parent_id FROM up JOIN networks n ON n.id = up.parent_id
            ), fresh AS (
                SELECT ancestor_id, user_id, count(*)::integer AS memberships FROM up GROUP BY ancestor_id, user_id
            )
            SELECT count(*) FROM (
                (SELECT ancestor_id, user_id, memberships FROM fresh EXCEPT SELECT ancestor_id, user_id, memberships FROM subtree_members)
                UNION ALL
                (SELECT ancestor_id, user_id, memberships FROM subtree_members EXCEPT SELECT ancestor_id, user_id, memberships FROM fresh)
            ) differing
            """).execute()).iterator().next().getLong(0);
        assertEquals(0, differences, "kept subtree rows that differ from the memberships");
    }

    @Test
    void theCountFollowsJoiningLeavingGuestsRoleChangesRemovalErasureAndDeletion() {
        TestUser nina = TestUsers.create(client, "Nina Nurse");
        TestUser dev = TestUsers.create(client, "Dev Doctor");
        TestUser gus = TestUsers.create(client, "Gus Guest");
        UUID national = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Subtree national", "open"));
        UUID region = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Subtree region", "open", national));
        UUID team = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Subtree team", "open", region));
        assertEquals(1, subtreeMembers(national), "Ann organises all three and counts once");

        NetworkFixtures.addMember(client, ann, team, nina, "member", null);
        NetworkFixtures.addMember(client, ann, region, nina, "member", null);
        assertEquals(2, subtreeMembers(national), "Nina is in two networks of the tree and counts once");
        assertEquals(2, childMembers(national, region));

        NetworkFixtures.addMember(client, ann, team, gus, "guest", null);
        assertEquals(2, subtreeMembers(national), "a guest is not a member");
        assertEquals(200, send("PATCH", ann, "/api/networks/" + team + "/members/" + gus.id(),
            new JsonObject().put("role", "member")).statusCode());
        assertEquals(3, subtreeMembers(national), "a guest made a member counts");
        assertEquals(200, send("PATCH", ann, "/api/networks/" + team + "/members/" + gus.id(),
            new JsonObject().put("role", "guest")).statusCode());
        assertEquals(2, subtreeMembers(national), "a member made a guest no longer counts");

        assertEquals(200, send("POST", dev, "/api/networks/" + region + "/join", null).statusCode());
        assertEquals(3, subtreeMembers(national), "Dev joined the region");
        assertEquals(2, subtreeMembers(team), "Ann and Nina: Dev joined only the region above the team");
        assertKeptRowsMatchMemberships();

        assertEquals(204, send("DELETE", ann, "/api/networks/" + region + "/members/" + nina.id(), null).statusCode());
        assertEquals(3, subtreeMembers(national), "Nina left the region but is still in its team");
        assertEquals(204, send("DELETE", ann, "/api/networks/" + team + "/members/" + nina.id(), null).statusCode());
        assertEquals(2, subtreeMembers(national), "Nina has left the tree");

        await(TestHub.get().pool().preparedQuery("DELETE FROM users WHERE id = $1").execute(Tuple.of(dev.id())));
        assertEquals(1, subtreeMembers(national), "an erased account's memberships go with it");

        NetworkFixtures.addMember(client, ann, team, nina, "member", null);
        assertEquals(2, subtreeMembers(national));
        assertEquals(204, send("DELETE", ann, "/api/networks/" + team, null).statusCode());
        assertEquals(1, subtreeMembers(national), "a deleted network's members leave the networks above it");
        assertEquals(1, subtreeMembers(region));
        assertKeptRowsMatchMemberships();
    }

    @Test
    void aMovedNetworkTakesItsMembersFromTheNetworksAboveItToTheOnesAboveItsNewPlace() {
        TestUser nina = TestUsers.create(client, "Nina Mover");
        UUID north = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Moving north", "open"));
        UUID south = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Moving south", "open"));
        UUID team = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Moving team", "open", north));
        UUID below = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Moving team's group", "open", team));
        NetworkFixtures.addMember(client, ann, below, nina, "member", null);
        assertEquals(2, subtreeMembers(north));
        assertEquals(1, subtreeMembers(south));

        // the hub has no way to move a network yet; the database keeps the counts right if one is moved
        await(TestHub.get().pool().preparedQuery("UPDATE networks SET parent_id = $2 WHERE id = $1").execute(Tuple.of(team, south)));

        assertEquals(1, subtreeMembers(north), "Ann still organises the north");
        assertEquals(2, subtreeMembers(south), "Nina came with the team");
        assertKeptRowsMatchMemberships();
    }

    @Test
    void peopleJoiningOneTreeAtOnceAreAllCounted() {
        UUID root = NetworkFixtures.id(NetworkFixtures.create(client, ann, "Busy tree", "open"));
        List<UUID> leaves = new ArrayList<>();
        List<TestUser> joiners = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            leaves.add(NetworkFixtures.id(NetworkFixtures.create(client, ann, "Busy leaf " + i, "open", root)));
            joiners.add(TestUsers.create(client, "Busy joiner " + i));
        }
        List<Future<HttpResponse<Buffer>>> joins = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // each joins two leaves at once, so that the same rows above them are reached from two transactions
            for (UUID leaf : List.of(leaves.get(i), leaves.get((i + 1) % 8))) {
                joins.add(client.post("/api/networks/" + leaf + "/join").putHeader("Authorization", joiners.get(i).bearer()).send());
            }
        }
        await(Future.all(joins));
        joins.forEach(join -> assertEquals(200, join.result().statusCode(), join.result().bodyAsString()));

        assertEquals(9, subtreeMembers(root));
        assertKeptRowsMatchMemberships();
    }
}
