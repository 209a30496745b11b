package uk.nhs.hub.network;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.TestHub;
import uk.nhs.hub.TestUsers;
import uk.nhs.hub.TestUsers.TestUser;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

class MemberImportTest {

    private static WebClient client;
    private static TestUser lead;

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
        client = TestHub.get().client();
        lead = TestUsers.create(client, "National Lead");
    }

    private static HttpResponse<Buffer> importCsv(UUID network, String csv, boolean dryRun) {
        return await(client.post("/api/networks/" + network + "/members/import" + (dryRun ? "?dryRun=true" : ""))
            .putHeader("Authorization", lead.bearer()).putHeader("Content-Type", "text/csv")
            .sendBuffer(Buffer.buffer(csv)));
    }

    private static long count(String sql, Object... params) {
        return await(TestHub.get().pool().preparedQuery(sql).execute(Tuple.from(params))).iterator().next().getLong(0);
    }

    @Test
    void thirtyFourNetworksWithThreeLeadsEachAreOnboardedInOneGo() {
        UUID national = NetworkFixtures.id(NetworkFixtures.create(client, lead, "National cancer onboarding", "request"));
        StringBuilder csv = new StringBuilder("email,display name,organisation,role title,role,network\n");
        TestUser existing = TestUsers.create(client, "Already Registered");
        for (int i = 1; i <= 34; i++) {
            String slug = NetworkFixtures.create(client, lead, "Local cancer " + i, "private", national).getString("slug");
            for (String title : List.of("Lead nurse", "Lead doctor", "Manager")) {
                String email = i == 1 && title.equals("Lead nurse") ? existing.email()
                    : title.toLowerCase().replace(' ', '.') + "." + i + "@cancer" + i + ".nhs.uk";
                csv.append(email).append(",Person ").append(i).append(",Trust ").append(i).append(',').append(title)
                    .append(",member,").append(slug).append('\n');
            }
        }

        HttpResponse<Buffer> response = importCsv(national, csv.toString(), false);

        assertEquals(200, response.statusCode(), response.bodyAsString());
        JsonArray rows = response.bodyAsJsonObject().getJsonArray("rows");
        assertEquals(102, rows.size());
        assertEquals(1, rows.stream().filter(r -> "added".equals(((JsonObject) r).getString("outcome"))).count());
        assertEquals(101, rows.stream().filter(r -> "invited".equals(((JsonObject) r).getString("outcome"))).count());
        assertEquals(101, count("SELECT count(*) FROM invitations WHERE email LIKE '%@cancer%.nhs.uk'"));
        assertEquals(101, count("SELECT count(*) FROM outbox WHERE to_address LIKE '%@cancer%.nhs.uk'"));
    }

    @Test
    void oneBadRowMeansNothingIsAppliedAndEveryProblemIsReported() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, lead, "All or nothing", "private"));
        TestUser existing = TestUsers.create(client, "Would Be Added");
        String good = TestUsers.uniqueEmail("good");
        String csv = "Email,Display Name,Role Title,Role\n"
            + existing.email() + ",Would Be Added,Lead nurse,member\n"
            + good + ",Good Person,Manager,\n"
            + "not-an-email,Broken,Manager,member\n"
            + good + ",Good Person Again,Manager,member\n"
            + TestUsers.uniqueEmail("odd") + ",Odd Role,Manager,chief\n";

        HttpResponse<Buffer> response = importCsv(network, csv, false);

        assertEquals(400, response.statusCode());
        JsonObject body = response.bodyAsJsonObject();
        assertEquals("invalid", body.getJsonObject("error").getString("code"));
        assertEquals("3 rows have problems; nothing was imported", body.getJsonObject("error").getString("message"));
        JsonArray rows = body.getJsonArray("rows");
        assertEquals("added", rows.getJsonObject(0).getString("outcome"));
        assertEquals(4, rows.getJsonObject(2).getLong("line"));
        assertEquals("email", rows.getJsonObject(2).getString("field"));
        assertTrue(rows.getJsonObject(3).getString("error").startsWith("Repeats line 3"));
        assertEquals("role", rows.getJsonObject(4).getString("field"));
        assertEquals(1, count("SELECT count(*) FROM memberships WHERE network_id = $1", network), "only the organiser");
        assertEquals(0, count("SELECT count(*) FROM invitations WHERE network_id = $1", network));
    }

    @Test
    void rowsMayOnlyTargetTheNetworkOrNetworksInsideItThatTheImporterOrganises() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, lead, "Scoped import", "private"));
        TestUser other = TestUsers.create(client, "Other Organiser");
        JsonObject elsewhere = NetworkFixtures.create(client, other, "Somewhere else", "open");
        UUID inside = NetworkFixtures.id(NetworkFixtures.create(client, lead, "Inside scoped", "private", network));
        TestUser newOrganiser = TestUsers.create(client, "Handed Over");
        NetworkFixtures.addMember(client, lead, inside, newOrganiser, "organiser", null);
        await(client.delete("/api/networks/" + inside + "/members/" + lead.id()).putHeader("Authorization", lead.bearer()).send());

        String csv = "email,network\n"
            + TestUsers.uniqueEmail("a") + "," + elsewhere.getString("slug") + "\n"
            + TestUsers.uniqueEmail("b") + ",no-such-network\n"
            + TestUsers.uniqueEmail("c") + "," + await(client.get("/api/networks/" + inside)
                .putHeader("Authorization", newOrganiser.bearer()).send()).bodyAsJsonObject().getString("slug") + "\n";
        JsonArray rows = importCsv(network, csv, false).bodyAsJsonObject().getJsonArray("rows");

        assertTrue(rows.getJsonObject(0).getString("error").contains("is not Scoped import or a network inside it"));
        assertTrue(rows.getJsonObject(1).getString("error").contains("is not Scoped import or a network inside it"));
        assertTrue(rows.getJsonObject(2).getString("error").startsWith("You are not an organiser of"));
    }

    @Test
    void aDryRunReportsWithoutChangingAnything() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, lead, "Dry run", "private"));
        String csv = "email,role title\n" + TestUsers.uniqueEmail("dry") + ",Manager\n";

        HttpResponse<Buffer> response = importCsv(network, csv, true);

        assertEquals(200, response.statusCode());
        assertFalse(response.bodyAsJsonObject().getBoolean("applied"));
        assertEquals("invited", response.bodyAsJsonObject().getJsonArray("rows").getJsonObject(0).getString("outcome"));
        assertEquals(0, count("SELECT count(*) FROM invitations WHERE network_id = $1", network));
    }

    @Test
    void malformedFilesAreRefusedAsAWhole() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, lead, "Malformed", "private"));
        assertEquals("The header row must include an email column",
            importCsv(network, "display name,role\nx,member\n", false).bodyAsJsonObject().getJsonObject("error").getString("message"));
        assertTrue(importCsv(network, "email,favourite colour\na@b.nhs.uk,blue\n", false).bodyAsJsonObject()
            .getJsonObject("error").getString("message").startsWith("Unknown column 'favourite colour'"));
        assertEquals(400, importCsv(network, "email\n", false).statusCode());
        assertEquals(400, importCsv(network, "email,role\n\"unterminated,member\n", false).statusCode());
        HttpResponse<Buffer> wrongType = await(client.post("/api/networks/" + network + "/members/import")
            .putHeader("Authorization", lead.bearer()).putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("{}")));
        assertEquals(415, wrongType.statusCode());
    }

    @Test
    void anExportCanBeImportedAgainUnchangedAndIsSafeInSpreadsheets() {
        UUID network = NetworkFixtures.id(NetworkFixtures.create(client, lead, "Round trip", "private"));
        TestUser tricky = TestUsers.create(client, "=HYPERLINK(\"http://evil\")", TestUsers.uniqueEmail("tricky"));
        NetworkFixtures.addMember(client, lead, network, tricky, "member", "+Lead nurse");
        TestUser plain = TestUsers.create(client, "Plain Member");
        NetworkFixtures.addMember(client, lead, network, plain, "member", "Manager");

        String csv = await(client.get("/api/networks/" + network + "/members.csv").putHeader("Authorization", lead.bearer())
            .send()).bodyAsString();

        assertTrue(csv.startsWith("email,display name,organisation,role title,role,network,job title,joined\r\n"), csv);
        assertTrue(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "a formula is neutralised: " + csv);
        assertTrue(csv.contains(",'+Lead nurse,"), csv);
        StringBuilder importable = new StringBuilder();
        for (String line : csv.split("\r\n")) {
            if (!line.contains("HYPERLINK")) {
                importable.append(line.replaceAll(",[^,]*,[^,]*$", "")).append("\n");
            }
        }
        JsonArray rows = importCsv(network, importable.toString(), true).bodyAsJsonObject().getJsonArray("rows");
        assertEquals(2, rows.size());
        assertTrue(rows.stream().allMatch(r -> "unchanged".equals(((JsonObject) r).getString("outcome"))), rows.encode());
    }
}
