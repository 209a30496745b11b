package uk.nhs.hub.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.account.PasswordHasher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Seeds the demonstration networks in one transaction: the national cancer network with 34 local cancer
 * networks (each with a lead nurse, lead doctor and manager), the national prison-health primary care
 * development network, two chief-executive networks that take guest nominations, the regional race equality
 * network of five place networks, and a children's surgery and anaesthesia network. Runs once: an existing
 * demo organiser account means it has already run.
 */
public final class DemoData {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    /** The password of every demo account. */
    public static final String PASSWORD = "network-hub-demo";
    static final String DOMAIN = "@demo.nhs.uk";

    static final List<String> CANCER_PLACES = List.of("Bath", "Birmingham", "Blackpool", "Bolton", "Bournemouth",
        "Bradford", "Brighton", "Bristol", "Cambridge", "Carlisle", "Coventry", "Derby", "Exeter", "Gloucester", "Hull",
        "Ipswich", "Leeds", "Leicester", "Lincoln", "Liverpool", "Manchester", "Middlesbrough", "Newcastle", "Norwich",
        "Nottingham", "Oxford", "Plymouth", "Portsmouth", "Preston", "Sheffield", "Southampton", "Stoke-on-Trent",
        "Sunderland", "York");
    static final List<String> RACE_EQUALITY_PLACES = List.of("Bradford district and Craven", "Calderdale", "Kirklees",
        "Leeds", "Wakefield");

    private static final String INSERT_USER = """
        INSERT INTO users (email, password_hash, display_name, organisation, job_title) VALUES ($1, $2, $3, $4, $5)
        RETURNING id
        """;
    private static final String INSERT_NETWORK = """
        INSERT INTO networks (parent_id, name, slug, description, visibility, allow_guest_nominations, created_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
        """;
    private static final String INSERT_MEMBERSHIP =
        "INSERT INTO memberships (network_id, user_id, role, role_title) VALUES ($1, $2, $3, $4)";

    private final Vertx vertx;
    private final Pool pool;

    public DemoData(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    /** Seeds unless already seeded; completes with whether it seeded. */
    public Future<Boolean> seedOnce() {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM users WHERE email = $1) AS seeded")
            .execute(Tuple.of("organiser" + DOMAIN))
            .compose(rows -> rows.iterator().next().getBoolean("seeded") ? Future.succeededFuture(false)
                : new PasswordHasher(vertx).hash(PASSWORD)
                    .compose(hash -> pool.withTransaction(tx -> seed(tx, hash)))
                    .map(true));
    }

    /** True when the database has no accounts at all (a fresh embedded database). */
    public Future<Boolean> isEmpty() {
        return pool.query("SELECT NOT EXISTS (SELECT 1 FROM users) AS empty").execute()
            .map(rows -> rows.iterator().next().getBoolean("empty"));
    }

    /** The lines printed at start-up so that people know how to sign in. */
    public static List<String> signIns() {
        return List.of(
            "Demo sign-ins (password for all: " + PASSWORD + "):",
            "  organiser" + DOMAIN + "   organiser of the national cancer network and its 34 local networks",
            "  central" + DOMAIN + "     central team of the national cancer network",
            "  leeds.nurse" + DOMAIN + " lead nurse of the Leeds local cancer network (also .doctor and .manager, for every place)",
            "  prison" + DOMAIN + "      organiser of the prison-health primary care development network",
            "  chief" + DOMAIN + "       organiser of the ambulance and acute trust chief executives networks",
            "  equality" + DOMAIN + "    organiser of the regional race equality network of networks");
    }

    private Future<Void> seed(SqlClient tx, String hash) {
        Seeder seed = new Seeder(tx, hash);
        return seed.user("organiser", "Olu Adeyemi", "NHS England", "National programme manager")
            .compose(organiser -> seed.user("central", "Claire Bennett", "NHS England", "Head of cancer programme")
                .compose(central -> seed.network(null, "National cancer network", "national-cancer-network",
                        "The lead nurse, lead doctor and manager of each of the 34 local cancer networks meet nationally "
                            + "every two months for a year.", "request", false, organiser)
                    .compose(national -> seed.member(national, central, "central", "Central team")
                        .compose(v -> localCancerNetworks(seed, national, organiser)))))
            .<Void>mapEmpty()
            .compose(v -> seed.user("prison", "Priya Shah", "Health and Justice", "Clinical lead"))
            .compose(prison -> seed.network(null, "National prison health primary care development network",
                "prison-health-primary-care", "Primary care development in prisons across England, with an annual "
                    + "140-person conference.", "request", false, prison).mapEmpty())
            .compose(v -> seed.user("chief", "Martin Hughes", "Yorkshire Ambulance Service", "Chief executive"))
            .compose(chief -> seed.network(null, "Ambulance trust chief executives", "ambulance-chief-executives",
                    "Chief executives of ambulance trusts. Meets twice a year; members may bring significant local others.",
                    "private", true, chief)
                .compose(ambulance -> seed.network(null, "Acute trust chief executives", "acute-chief-executives",
                    "Chief executives of acute trusts. Meets twice a year; members may bring significant local others.",
                    "private", true, chief)).mapEmpty())
            .compose(v -> seed.user("equality", "Amina Khan", "West Yorkshire Health and Care Partnership",
                "Race equality lead"))
            .compose(equality -> seed.network(null, "Regional race equality network", "race-equality-network",
                    "A network of networks: the place-based race equality networks of West Yorkshire.", "request", false,
                    equality)
                .compose(region -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (String place : RACE_EQUALITY_PLACES) {
                        chain = chain.compose(x -> seed.network(region, place + " race equality network",
                            slug(place) + "-race-equality", null, "open", false, equality).mapEmpty());
                    }
                    return chain;
                }))
            .compose(v -> seed.user("surgery", "Tom Price", "Leeds Children's Hospital", "Consultant anaesthetist"))
            .compose(surgeon -> seed.network(null, "Children's surgery and anaesthesia network",
                "childrens-surgery-anaesthesia", "Surgeons and anaesthetists caring for children across the region.",
                "open", false, surgeon))
            .<Void>mapEmpty()
            .onSuccess(v -> LOG.info("seeded the demonstration networks"));
    }

    private Future<Void> localCancerNetworks(Seeder seed, UUID national, UUID organiser) {
        Future<Void> chain = Future.succeededFuture();
        for (String place : CANCER_PLACES) {
            String key = slug(place).replace("-", "");
            chain = chain.compose(v -> seed.network(national, place + " local cancer network",
                    slug(place) + "-cancer", null, "private", false, organiser)
                .compose(local -> {
                    List<Future<Void>> leads = new ArrayList<>();
                    for (String[] lead : new String[][]{{"nurse", "Lead nurse"}, {"doctor", "Lead doctor"},
                            {"manager", "Manager"}}) {
                        leads.add(seed.user(key + "." + lead[0], place + " " + lead[1].toLowerCase(Locale.ROOT),
                                place + " NHS Trust", lead[1])
                            .compose(user -> seed.member(national, user, "member", lead[1])
                                .compose(x -> seed.member(local, user, "member", lead[1]))));
                    }
                    return Future.all(leads).mapEmpty();
                }));
        }
        return chain;
    }

    static String slug(String place) {
        return place.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    /** Inserts within the seeding transaction. */
    private record Seeder(SqlClient tx, String hash) {

        Future<UUID> user(String localPart, String name, String organisation, String jobTitle) {
            return tx.preparedQuery(INSERT_USER).execute(Tuple.of(localPart + DOMAIN, hash, name, organisation, jobTitle))
                .map(rows -> rows.iterator().next().getUUID("id"));
        }

        Future<UUID> network(UUID parent, String name, String slug, String description, String visibility,
                             boolean guests, UUID organiser) {
            return tx.preparedQuery(INSERT_NETWORK)
                .execute(Tuple.from(new Object[]{parent, name, slug, description, visibility, guests, organiser}))
                .map(rows -> rows.iterator().next().getUUID("id"))
                .compose(id -> member(id, organiser, "organiser", null).map(id));
        }

        Future<Void> member(UUID network, UUID user, String role, String title) {
            return tx.preparedQuery(INSERT_MEMBERSHIP).execute(Tuple.of(network, user, role, title)).mapEmpty();
        }
    }
}
