package uk.nhs.hub.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A national day on one hub: the demo's shape at scale (networks in trees several levels deep, members in one to
 * five networks each, a thread and a weekly meeting in every network, one central team) with browsers connected
 * live while posts, page views, a broadcast with its responses and a CSV import all arrive at once.
 *
 * <p>Accounts, networks and memberships are written straight into the hub's database, as the demo seeder does,
 * because 20,000 registrations would each spend an argon2 hash for nothing the day measures; every account shares
 * one real hash, so signing in still checks a password. Threads, replies and meetings go through the API, so their
 * events, counters and search text are the hub's own.
 *
 * <p>Arrivals are open-loop: each stream has a fixed rate and every request's latency is measured from when it was
 * due, not from when the client got round to sending it, so a slow hub cannot slow its own load down.
 */
final class NationalDay {

    /** How big the day is, as a share of issue 17's national figures. */
    record Size(int networks, int trees, int members, int connections, double postsPerSecond, double pagesPerSecond,
                int broadcastTargets, int responses, int imported, int browsers) {

        static Size of(double scale) {
            int networks = Math.max(12, (int) Math.round(2000 * scale));
            int trees = Math.max(1, (int) Math.round(4 * scale));
            return new Size(networks, trees, Math.max(60, (int) Math.round(20_000 * scale)),
                Math.max(20, (int) Math.round(5000 * scale)), Math.max(4, 50 * scale), Math.max(12, 500 * scale),
                Math.max(3, Math.min(networks / trees - 1, (int) Math.round(400 * scale))),
                Math.max(3, (int) Math.round(300 * scale)), Math.max(5, (int) Math.round(500 * scale)),
                Math.max(12, (int) Math.round(300 * scale)));
        }
    }

    /** One kind of request during the day: its latencies (from when it was due), its failures and the slowest. */
    static final class Operation {
        final String name;
        final Latencies latencies = new Latencies();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicLong maxMicros = new AtomicLong();
        final List<String> firstErrors = new ArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();

        Operation(String name) {
            this.name = name;
        }

        void succeeded(long micros) {
            latencies.record(micros);
            maxMicros.accumulateAndGet(micros, Math::max);
        }

        synchronized void failed(String why) {
            errors.incrementAndGet();
            if (firstErrors.size() < 2 && !firstErrors.contains(why)) {
                firstErrors.add(why);
            }
        }
    }

    /** What the machine did while the day ran. */
    record Resources(double hubCpuPercent, double hubCpuPeakPercent, double machineCpuPercent, double machinePeakPercent,
                     long heapPeakMb, long heapAverageMb, int databaseConnectionsPeak, double databaseConnectionsAverage,
                     long liveEventsDelivered, int connectionsOpen, double databaseCpuPercent, List<String> busiestStatements,
                     int databaseBusyPeak, double databaseBusyAverage) {
    }

    /** The day's outcome: every operation in the order they were listed, and the resources. */
    record Result(Map<String, Operation> operations, Resources resources, Size size, int cores, double seconds) {
    }

    private static final String PASSWORD = "copper harbour violet 93";
    private static final String DOMAIN = "@national.bench.nhs.uk";

    private final Vertx vertx;
    private final int port;
    private final DataSource database;
    private final long hubPid;
    private final Size size;
    private final int seconds;
    private final int warmup;
    private final Supplier<Future<long[]>> heapUsed;
    private final java.util.function.Consumer<Runnable> aroundDay;
    private final WebClient http;
    private final WebSocketClient sockets;
    private final Random random = new Random(17);
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    /** Where answers are counted: the day's operations, or those of the warm-up before it. */
    private volatile Map<String, Operation> recording = operations;
    /** Every slow answer (over 100 ms): when in the day it was due, how long it took and what it was. */
    private final java.util.Queue<String> slow = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile long dayStart;

    private final List<Network> networks = new ArrayList<>();
    private final List<Browser> browsers = new ArrayList<>();
    private final List<Browser> responders = new ArrayList<>();
    private final List<Network> targets = new ArrayList<>();
    private Browser central;
    private final List<Browser> organisers = new ArrayList<>();

    /** A seeded network: its tree, its page's address and the thread and meeting the day reads and posts in. */
    private static final class Network {
        final UUID id;
        final UUID parent;
        final int tree;
        final String slug;
        String thread;
        String meeting;

        Network(UUID id, UUID parent, int tree, String slug) {
            this.id = id;
            this.parent = parent;
            this.tree = tree;
            this.slug = slug;
        }
    }

    /** A signed-in person: their token, their browser's cookie and the networks they belong to. */
    private record Browser(String token, String cookie, List<Network> networks) {
    }

    NationalDay(Vertx vertx, int port, DataSource database, long hubPid, double scale, int seconds, int warmup,
                Supplier<Future<long[]>> heapUsed, java.util.function.Consumer<Runnable> aroundDay) {
        this.vertx = vertx;
        this.port = port;
        this.database = database;
        this.hubPid = hubPid;
        this.size = Size.of(scale);
        this.seconds = seconds;
        this.warmup = warmup;
        this.heapUsed = heapUsed;
        this.aroundDay = aroundDay;
        // enough connections that an open-loop burst never waits for one in the client: waiting there would hide latency
        this.http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setDefaultHost("127.0.0.1")
            .setFollowRedirects(false), new PoolOptions().setHttp1MaxSize(256));
        this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000).setConnectTimeout(30_000));
        for (String name : List.of("post", "home page", "network page", "thread page", "meeting page", "broadcast sent",
            "broadcast response", "CSV import")) {
            operations.put(name, new Operation(name));
        }
    }

    Size size() {
        return size;
    }

    Result run() throws Exception {
        long began = System.nanoTime();
        seed();
        System.out.printf(Locale.UK, "national day: seeded %,d networks in %d trees, %,d members, %d signed in, in %.0f s%n",
            networks.size(), size.trees(), size.members(), browsers.size() + responders.size() + organisers.size() + 1,
            (System.nanoTime() - began) / 1e9);
        AtomicLong delivered = new AtomicLong();
        List<WebSocket> open = connect(delivered);
        System.out.printf(Locale.UK, "national day: %,d live connections open%n", open.size());
        // a browser's event bus client pings every five seconds; the bridge closes a socket silent for thirty
        String ping = new JsonObject().put("type", "ping").encode();
        long pinging = vertx.setPeriodic(5000, id -> open.forEach(socket -> {
            if (!socket.isClosed()) {
                socket.writeTextMessage(ping);
            }
        }));
        Sampler sampler = new Sampler();
        Thread sampling = new Thread(sampler, "national-day-sampler");
        sampling.setDaemon(true);
        sampling.start();
        if (warmup > 0) {
            // a hub serving a national day has been running for hours: the same posts and page views first warm it
            // (its compiled code, each pooled connection's prepared statements), and are not measured
            long warming = System.nanoTime();
            Map<String, Operation> measured = recording;
            recording = new LinkedHashMap<>();
            measured.keySet().forEach(name -> recording.put(name, new Operation(name)));
            runStreams(warmup, false);
            int failed = recording.values().stream().mapToInt(o -> o.errors.get()).sum();
            System.out.printf(Locale.UK, "national day: warmed up for %.0f s with the day's posts and page views (%d failed)%n",
                (System.nanoTime() - warming) / 1e9, failed);
            recording = measured;
        }
        Map<String, double[]> serverBefore = serverTimes();
        long start = System.nanoTime();
        try {
            // seeding is done: what is measured around the day (the database's statements) is the day alone
            aroundDay.accept(() -> runStreams(seconds, true));
        } finally {
            sampler.stop = true;
            sampling.join();
        }
        double ran = (System.nanoTime() - start) / 1e9;
        printServerTimes(serverBefore, serverTimes());
        System.out.printf(Locale.UK, "national day: %d answers took over 100 ms; when in the day they were due:%n", slow.size());
        slow.stream().sorted().limit(80).forEach(line -> System.out.println("  " + line));
        vertx.cancelTimer(pinging);
        int stillOpen = (int) open.stream().filter(socket -> !socket.isClosed()).count();
        open.forEach(WebSocket::close);
        http.close();
        join(sockets.close());
        return new Result(operations, sampler.resources(delivered.get(), stillOpen), size,
            Runtime.getRuntime().availableProcessors(), ran);
    }

    // ---- seeding ------------------------------------------------------------------------------------------

    private void seed() throws Exception {
        JsonObject registered = register("national.seed" + DOMAIN);
        if (registered == null) {
            throw new IllegalStateException("could not register the seeding account");
        }
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            String hash;
            try (PreparedStatement s = c.prepareStatement("SELECT password_hash FROM users WHERE email = ?")) {
                s.setString(1, "national.seed" + DOMAIN);
                try (ResultSet rows = s.executeQuery()) {
                    rows.next();
                    hash = rows.getString(1);
                }
            }
            UUID[] members = insertUsers(c, hash, "national.member", "Member", size.members());
            UUID[] organiserIds = insertUsers(c, hash, "national.organiser", "Organiser", size.trees());
            UUID[] centralIds = insertUsers(c, hash, "national.central", "Central team", 3);
            insertNetworks(c, organiserIds);
            List<List<Network>> memberOf = insertMemberships(c, members, organiserIds, centralIds);
            c.commit();
            signIn(memberOf);
        }
        createThreadsAndMeetings();
    }

    private UUID[] insertUsers(Connection c, String hash, String prefix, String name, int count) throws Exception {
        UUID[] ids = new UUID[count];
        try (PreparedStatement s = c.prepareStatement("""
            INSERT INTO users (email, password_hash, display_name, organisation, job_title, email_verified_at)
            SELECT ? || g || ?, ?, ? || ' ' || g, 'NHS trust ' || (g % 300), 'Clinical lead', now()
            FROM generate_series(0, ? - 1) g
            RETURNING id, email""")) {
            s.setString(1, prefix);
            s.setString(2, DOMAIN);
            s.setString(3, hash);
            s.setString(4, name);
            s.setInt(5, count);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    String email = rows.getString(2);
                    int n = Integer.parseInt(email.substring(prefix.length(), email.indexOf('@')));
                    ids[n] = (UUID) rows.getObject(1);
                }
            }
        }
        return ids;
    }

    /** Trees with seven children a node, like a national programme's regions, systems and places. */
    private void insertNetworks(Connection c, UUID[] organiserIds) throws Exception {
        int perTree = size.networks() / size.trees();
        for (int t = 0; t < size.trees(); t++) {
            int count = t == size.trees() - 1 ? size.networks() - perTree * t : perTree;
            List<Network> tree = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                UUID parent = k == 0 ? null : tree.get((k - 1) / 7).id;
                tree.add(new Network(UUID.randomUUID(), parent, t, "national-" + t + "-" + k));
            }
            networks.addAll(tree);
        }
        try (PreparedStatement s = c.prepareStatement("""
            INSERT INTO networks (id, parent_id, name, slug, visibility, created_by)
            SELECT id, parent, 'Network ' || slug, slug, 'request', creator
            FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::uuid[]) AS n(id, parent, slug, creator)""")) {
            s.setArray(1, c.createArrayOf("uuid", networks.stream().map(n -> n.id).toArray()));
            s.setArray(2, c.createArrayOf("uuid", networks.stream().map(n -> n.parent).toArray()));
            s.setArray(3, c.createArrayOf("text", networks.stream().map(n -> n.slug).toArray()));
            s.setArray(4, c.createArrayOf("uuid", networks.stream().map(n -> organiserIds[n.tree]).toArray()));
            s.executeUpdate();
        }
    }

    private List<List<Network>> insertMemberships(Connection c, UUID[] members, UUID[] organiserIds, UUID[] centralIds)
        throws Exception {
        List<Object> networkIds = new ArrayList<>();
        List<Object> userIds = new ArrayList<>();
        List<Object> roles = new ArrayList<>();
        for (Network network : networks) {
            networkIds.add(network.id);
            userIds.add(organiserIds[network.tree]);
            roles.add("organiser");
        }
        for (UUID id : centralIds) {
            networkIds.add(networks.get(0).id);
            userIds.add(id);
            roles.add("central");
        }
        List<List<Network>> memberOf = new ArrayList<>();
        for (UUID member : members) {
            int count = 1 + random.nextInt(5);
            Set<Network> chosen = new HashSet<>();
            // people belong mostly to networks of one tree, as a place's lead belongs to its region and programme
            int tree = random.nextInt(size.trees());
            while (chosen.size() < count) {
                Network network = random.nextInt(4) == 0 ? networks.get(random.nextInt(networks.size())) : inTree(tree);
                chosen.add(network);
            }
            for (Network network : chosen) {
                networkIds.add(network.id);
                userIds.add(member);
                roles.add("member");
            }
            memberOf.add(new ArrayList<>(chosen));
        }
        try (PreparedStatement s = c.prepareStatement("""
            INSERT INTO memberships (network_id, user_id, role)
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[])""")) {
            s.setArray(1, c.createArrayOf("uuid", networkIds.toArray()));
            s.setArray(2, c.createArrayOf("uuid", userIds.toArray()));
            s.setArray(3, c.createArrayOf("text", roles.toArray()));
            s.executeUpdate();
        }
        return memberOf;
    }

    private Network inTree(int tree) {
        int perTree = size.networks() / size.trees();
        int first = tree * perTree;
        int count = tree == size.trees() - 1 ? networks.size() - first : perTree;
        return networks.get(first + random.nextInt(count));
    }

    /**
     * Signs in, through the API as a browser would, the people the day acts as: members who browse and post,
     * a member of each broadcast target who responds, the trees' organisers and one of the central team.
     */
    private void signIn(List<List<Network>> memberOf) {
        central = signIn("national.central0" + DOMAIN, List.of(networks.get(0)));
        for (int t = 0; t < size.trees(); t++) {
            int tree = t;
            organisers.add(signIn("national.organiser" + t + DOMAIN, networks.stream().filter(n -> n.tree == tree).toList()));
        }
        Set<Integer> used = new HashSet<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < memberOf.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        List<Map.Entry<String, List<Network>>> signing = new ArrayList<>();
        for (int i = 0; i < size.browsers(); i++) {
            int member = order.get(i);
            used.add(member);
            signing.add(Map.entry("national.member" + member + DOMAIN, memberOf.get(member)));
        }
        browsers.addAll(signInAll(signing));
        // the broadcast goes to tree 0's root and the networks under it, the first that have someone to answer
        List<Network> tree0 = networks.stream().filter(n -> n.tree == 0).toList();
        signing.clear();
        for (Network network : tree0) {
            if (targets.size() == size.broadcastTargets()) {
                break;
            }
            targets.add(network);
            if (signing.size() < size.responses()) {
                for (int member : order) {
                    if (!used.contains(member) && memberOf.get(member).contains(network)) {
                        used.add(member);
                        signing.add(Map.entry("national.member" + member + DOMAIN, List.of(network)));
                        break;
                    }
                }
            }
        }
        responders.addAll(signInAll(signing));
    }

    private List<Browser> signInAll(List<Map.Entry<String, List<Network>>> people) {
        List<Browser> out = new ArrayList<>();
        // eight at a time: each sign-in spends an argon2 hash on the hub's workers, and hundreds at once only queue
        for (int from = 0; from < people.size(); from += 8) {
            List<Future<Browser>> batch = new ArrayList<>();
            people.subList(from, Math.min(people.size(), from + 8))
                .forEach(person -> batch.add(signInAsync(person.getKey(), person.getValue())));
            batch.forEach(signing -> out.add(join(signing)));
        }
        return out;
    }

    private Browser signIn(String email, List<Network> of) {
        return join(signInAsync(email, of));
    }

    private Future<Browser> signInAsync(String email, List<Network> of) {
        return http.post(port, "127.0.0.1", "/api/auth/login")
            .sendJsonObject(new JsonObject().put("email", email).put("password", PASSWORD)).map(login -> {
                if (login.statusCode() != 200) {
                    throw new IllegalStateException("sign-in failed for " + email + ": " + login.bodyAsString());
                }
                StringBuilder cookie = new StringBuilder();
                login.cookies().forEach(set -> cookie.append(cookie.length() == 0 ? "" : "; ").append(set, 0, set.indexOf(';')));
                return new Browser(login.bodyAsJsonObject().getString("token"), cookie.toString(), of);
            });
    }

    private JsonObject register(String email) {
        HttpResponse<Buffer> response = join(http.post(port, "127.0.0.1", "/api/auth/register")
            .sendJsonObject(new JsonObject().put("email", email).put("password", PASSWORD).put("displayName", "National seed")));
        return response.statusCode() / 100 == 2 ? response.bodyAsJsonObject() : null;
    }

    /** A thread with two replies and a weekly meeting in every network, through the API, sixteen at a time. */
    private void createThreadsAndMeetings() {
        String start = LocalDate.now().plusDays(1) + "T10:00";
        List<Future<?>> work = new ArrayList<>();
        for (Network network : networks) {
            Browser organiser = organisers.get(network.tree);
            work.add(call(organiser, "/api/networks/" + network.id + "/threads",
                    new JsonObject().put("title", "Plans for " + network.slug).put("body", "What should we focus on this quarter?"))
                .compose(thread -> {
                    network.thread = thread.getString("id");
                    return call(organiser, "/api/threads/" + network.thread + "/posts", new JsonObject().put("body", "A first reply"));
                })
                .compose(v -> call(organiser, "/api/threads/" + network.thread + "/posts", new JsonObject().put("body", "A second reply")))
                .compose(v -> call(organiser, "/api/networks/" + network.id + "/meetings", new JsonObject()
                    .put("title", "Weekly huddle").put("start", start).put("durationMinutes", 30).put("rrule", "FREQ=WEEKLY")))
                .onSuccess(meeting -> network.meeting = meeting.getString("id")));
            if (work.size() == 16) {
                join(Future.all(work));
                work.clear();
            }
        }
        join(Future.all(work));
    }

    private Future<JsonObject> call(Browser as, String path, JsonObject body) {
        return http.post(port, "127.0.0.1", path).putHeader("Authorization", "Bearer " + as.token()).sendJsonObject(body)
            .map(response -> {
                if (response.statusCode() / 100 != 2) {
                    throw new IllegalStateException(path + " answered " + response.statusCode() + " " + response.bodyAsString());
                }
                return response.bodyAsJsonObject();
            });
    }

    // ---- the live browsers --------------------------------------------------------------------------------

    /** Opens the live connections, each browser's tabs registered for one of its networks as its network page does. */
    private List<WebSocket> connect(AtomicLong delivered) {
        List<WebSocket> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        int batch = 200;
        for (int from = 0; from < size.connections(); from += batch) {
            List<Future<Void>> connecting = new ArrayList<>();
            for (int i = from; i < Math.min(size.connections(), from + batch); i++) {
                Browser browser = browsers.get(i % browsers.size());
                Network network = browser.networks().get((i / browsers.size()) % browser.networks().size());
                connecting.add(sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                        .setURI("/eventbus/websocket").addHeader("Cookie", browser.cookie())
                        .addHeader("Origin", "http://127.0.0.1:" + port))
                    .compose(socket -> {
                        socket.handler(data -> {
                            if (data.toString().contains("\"rec\"")) {
                                delivered.incrementAndGet();
                            }
                        });
                        opened.add(socket);
                        return socket.writeTextMessage(new JsonObject().put("type", "register")
                            .put("address", "hub.client.network." + network.id).encode());
                    }));
            }
            join(Future.all(connecting));
        }
        return opened;
    }

    // ---- the day ------------------------------------------------------------------------------------------

    /** One stream of arrivals at a fixed rate, or at fixed times, each sent when due whatever came before. */
    private final class Stream {
        final double perSecond;
        final java.util.function.IntConsumer send;
        int sent;

        Stream(double perSecond, java.util.function.IntConsumer send) {
            this.perSecond = perSecond;
            this.send = send;
        }
    }

    /** The day's arrivals for {@code length} seconds; the broadcast and the import only when {@code wholeDay}. */
    private void runStreams(int length, boolean wholeDay) {
        long start = System.nanoTime();
        dayStart = start;
        long end = start + TimeUnit.SECONDS.toNanos(length);
        AtomicInteger inFlight = new AtomicInteger();
        Promise<Void> finished = Promise.promise();
        // the broadcast goes out early, its responses spread over the following minute (or what is left of the day)
        long broadcastAt = wholeDay ? start + TimeUnit.MILLISECONDS.toNanos(Math.min(5000, length * 100L)) : Long.MAX_VALUE;
        long importAt = wholeDay ? start + TimeUnit.SECONDS.toNanos(length) / 2 : Long.MAX_VALUE;
        Promise<String> broadcast = Promise.promise();
        List<Stream> streams = List.of(
            new Stream(size.postsPerSecond(), n -> post(start + (long) (n * 1e9 / size.postsPerSecond()), inFlight)),
            new Stream(size.pagesPerSecond(), n -> page(n, start + (long) (n * 1e9 / size.pagesPerSecond()), inFlight)));
        AtomicInteger responsesSent = new AtomicInteger();
        boolean[] once = new boolean[2];
        long[] receivedAt = new long[2];
        long timer = vertx.setPeriodic(2, id -> {
            long now = System.nanoTime();
            if (now >= end) {
                vertx.cancelTimer(id);
                waitFor(inFlight, finished);
                return;
            }
            for (Stream stream : streams) {
                long due = arrivalsDue(now - start, stream.perSecond);
                while (stream.sent < due) {
                    stream.send.accept(stream.sent++);
                }
            }
            if (!once[0] && now >= broadcastAt) {
                once[0] = true;
                sendBroadcast(broadcastAt, inFlight, broadcast);
            }
            if (broadcast.future().succeeded()) {
                // nobody can answer a broadcast before it has been sent: the responses are due from then on
                if (receivedAt[0] == 0) {
                    receivedAt[0] = now;
                    // over the next minute, or what is left of the day
                    receivedAt[1] = Math.max(1, Math.min(TimeUnit.SECONDS.toNanos(60), end - now - TimeUnit.SECONDS.toNanos(2)));
                }
                long from = receivedAt[0];
                long responsesOver = receivedAt[1];
                long due = Math.min(responders.size(), (now - from) * responders.size() / responsesOver + 1);
                while (responsesSent.get() < due) {
                    int n = responsesSent.getAndIncrement();
                    respond(broadcast.future().result(), responders.get(n), from + n * responsesOver / responders.size(),
                        inFlight);
                }
            }
            if (!once[1] && now >= importAt) {
                once[1] = true;
                csvImport(importAt, inFlight);
            }
        });
        try {
            // every request has a minute to answer; this waits for the last of them, whenever it was sent
            join(finished.future().timeout(length + 90L, TimeUnit.SECONDS));
        } catch (RuntimeException unfinished) {
            // an overloaded hub still leaves a measured day: what never answered counts against its operation
            recording.values().forEach(operation -> {
                for (int i = operation.inFlight.get(); i > 0; i--) {
                    operation.failed("unanswered when the day ended");
                }
            });
        } finally {
            vertx.cancelTimer(timer);
        }
        if (wholeDay && responsesSent.get() < responders.size()) {
            operations.get("broadcast response").failed((responders.size() - responsesSent.get()) + " responses never sent");
        }
    }

    /**
     * How many arrivals of a stream at {@code perSecond} are due {@code elapsedNanos} into the day: the n-th (from 0)
     * is due at n / perSecond, so the first is due at once. Each is measured from its own due time, so sending it
     * any later would count the wait against the hub.
     */
    static long arrivalsDue(long elapsedNanos, double perSecond) {
        return elapsedNanos < 0 ? 0 : (long) Math.floor(elapsedNanos / 1e9 * perSecond) + 1;
    }

    private void waitFor(AtomicInteger inFlight, Promise<Void> finished) {
        if (inFlight.get() == 0) {
            finished.tryComplete();
        } else {
            vertx.setTimer(10, id -> waitFor(inFlight, finished));
        }
    }

    private void post(long due, AtomicInteger inFlight) {
        Browser poster = browsers.get(random.nextInt(browsers.size()));
        Network network = poster.networks().get(random.nextInt(poster.networks().size()));
        measure("post", due, 201, inFlight, http.post(port, "127.0.0.1", "/api/threads/" + network.thread + "/posts")
            .putHeader("Authorization", "Bearer " + poster.token()), request -> request.sendJsonObject(
                new JsonObject().put("body", "An update from the day, number " + due % 100_000)));
    }

    private void page(int n, long due, AtomicInteger inFlight) {
        Browser reader = browsers.get(random.nextInt(browsers.size()));
        Network network = reader.networks().get(random.nextInt(reader.networks().size()));
        String[] kinds = {"home page", "network page", "thread page", "meeting page"};
        String kind = kinds[n % kinds.length];
        String path = switch (kind) {
            case "home page" -> "/";
            case "network page" -> "/networks/" + network.slug;
            case "thread page" -> "/threads/" + network.thread;
            default -> "/meetings/" + network.meeting;
        };
        measure(kind, due, 200, inFlight, http.get(port, "127.0.0.1", path).putHeader("Cookie", reader.cookie())
            .putHeader("Accept", "text/html"), HttpRequest::send);
    }

    private void sendBroadcast(long due, AtomicInteger inFlight, Promise<String> sent) {
        JsonArray ids = new JsonArray();
        targets.forEach(network -> ids.add(network.id.toString()));
        JsonObject body = new JsonObject().put("networkId", networks.get(0).id.toString())
            .put("title", "Winter pressures: what your network needs").put("body", "Please tell us how ready your network is.")
            .put("targets", new JsonObject().put("networkIds", ids))
            .put("feedback", new JsonObject().put("mode", "individual").put("questions", new JsonArray()
                .add(new JsonObject().put("id", "ready").put("type", "rating").put("label", "How ready is your network?"))));
        measure("broadcast sent", due, 201, inFlight, http.post(port, "127.0.0.1", "/api/broadcasts")
            .putHeader("Authorization", "Bearer " + central.token()), request -> request.sendJsonObject(body)
            .onSuccess(response -> {
                if (response.statusCode() == 201) {
                    sent.complete(response.bodyAsJsonObject().getString("id"));
                } else {
                    sent.fail("not sent");
                }
            }));
    }

    private void respond(String broadcast, Browser responder, long due, AtomicInteger inFlight) {
        measure("broadcast response", due, 201, inFlight, http.post(port, "127.0.0.1", "/api/broadcasts/" + broadcast + "/responses")
            .putHeader("Authorization", "Bearer " + responder.token()), request -> request.sendJsonObject(new JsonObject()
                .put("networkId", responder.networks().get(0).id.toString()).put("answers", new JsonObject().put("ready", 4))));
    }

    private void csvImport(long due, AtomicInteger inFlight) {
        StringBuilder csv = new StringBuilder("email,display name,organisation,role title\n");
        for (int i = 0; i < size.imported(); i++) {
            csv.append("imported").append(i).append(DOMAIN).append(",Imported person ").append(i)
                .append(",NHS trust ").append(i % 40).append(",Lead nurse\n");
        }
        measure("CSV import", due, 200, inFlight, http.post(port, "127.0.0.1", "/api/networks/" + networks.get(0).id + "/members/import")
            .putHeader("Authorization", "Bearer " + organisers.get(0).token()).putHeader("Content-Type", "text/csv"),
            request -> request.sendBuffer(Buffer.buffer(csv.toString())));
    }

    private void measure(String name, long due, int expected, AtomicInteger inFlight, HttpRequest<Buffer> request,
                         java.util.function.Function<HttpRequest<Buffer>, Future<HttpResponse<Buffer>>> send) {
        Operation operation = recording.get(name);
        boolean measured = recording == operations;
        inFlight.incrementAndGet();
        operation.inFlight.incrementAndGet();
        send.apply(request.timeout(60_000)).onComplete(result -> {
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - due);
            if (measured && micros > 100_000) {
                slow.add(String.format(Locale.UK, "%5.1f s %6.0f ms %s", (due - dayStart) / 1e9, micros / 1000.0, name));
            }
            if (result.succeeded() && result.result().statusCode() == expected) {
                operation.succeeded(micros);
            } else {
                operation.failed(result.succeeded()
                    ? result.result().statusCode() + " " + abbreviate(result.result().bodyAsString())
                    : String.valueOf(result.cause()));
            }
            operation.inFlight.decrementAndGet();
            inFlight.decrementAndGet();
        });
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) : text;
    }

    // ---- what the machine did -----------------------------------------------------------------------------

    private static final java.util.regex.Pattern RESPONSE_TIME = java.util.regex.Pattern.compile(
        "^vertx_http_server_response_time_seconds_(sum|count)\\{(.*)\\} ([0-9.eE+-]+)$");

    /**
     * The hub's own response time per method and route so far, from its Prometheus metrics: seconds in all and
     * requests. Read against the times measured here, it tells time in the hub from time waiting outside it.
     */
    private Map<String, double[]> serverTimes() {
        Map<String, double[]> times = new java.util.TreeMap<>();
        String text = join(http.get(port, "127.0.0.1", "/metrics").send()).bodyAsString();
        for (String line : text.split("\n")) {
            java.util.regex.Matcher m = RESPONSE_TIME.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String labels = m.group(2);
            String key = label(labels, "method") + " " + label(labels, "route");
            double[] both = times.computeIfAbsent(key, k -> new double[2]);
            both["sum".equals(m.group(1)) ? 0 : 1] += Double.parseDouble(m.group(3));
        }
        return times;
    }

    private static String label(String labels, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(name + "=\"([^\"]*)\"").matcher(labels);
        return m.find() ? m.group(1) : "?";
    }

    private static void printServerTimes(Map<String, double[]> before, Map<String, double[]> after) {
        System.out.println("national day: the hub's own mean response time per route during the day (ms, requests):");
        after.forEach((route, both) -> {
            double[] was = before.getOrDefault(route, new double[2]);
            double count = both[1] - was[1];
            if (count > 0) {
                System.out.printf(Locale.UK, "  %8.1f ms %6.0f  %s%n", (both[0] - was[0]) * 1000 / count, count, route);
            }
        });
    }

    /** Samples CPU, heap and database connections once a second, on its own thread as JDBC blocks. */
    private final class Sampler implements Runnable {
        volatile boolean stop;
        final List<Double> hub = new ArrayList<>();
        final List<Double> machine = new ArrayList<>();
        final List<Long> heap = new ArrayList<>();
        final List<Integer> connections = new ArrayList<>();
        /** Connections in a statement or a transaction when sampled: held, not just open. */
        final List<Integer> busy = new ArrayList<>();
        final List<Double> postgres = new ArrayList<>();
        /** How often each statement was seen running: where the database's time goes. */
        final Map<String, Integer> running = new java.util.HashMap<>();
        final Map<Integer, Long> backendTicks = new java.util.HashMap<>();

        @Override
        public void run() {
            try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
                long[] lastMachine = machineTicks();
                long lastHub = hubTicks();
                long lastAt = System.nanoTime();
                while (!stop) {
                    Thread.sleep(1000);
                    long[] nowMachine = machineTicks();
                    long nowHub = hubTicks();
                    long at = System.nanoTime();
                    long interval = at - lastAt;
                    long total = nowMachine[0] - lastMachine[0];
                    if (total > 0) {
                        machine.add(100.0 * (total - (nowMachine[1] - lastMachine[1])) / total);
                    }
                    // clock ticks are hundredths of a second; a share of every core, as the machine's figure is
                    hub.add(100.0 * (nowHub - lastHub) / 100.0 / (interval / 1e9) / Runtime.getRuntime().availableProcessors());
                    lastMachine = nowMachine;
                    lastHub = nowHub;
                    lastAt = at;
                    try {
                        heap.add(join(heapUsed.get())[0] / 1_000_000);
                    } catch (RuntimeException unanswered) {
                        // a metrics scrape that times out under load is a missing sample, not a failed day
                    }
                    int clients = 0;
                    int working = 0;
                    long databaseTicks = 0;
                    try (ResultSet rows = s.executeQuery("SELECT pid, backend_type, state, query FROM pg_stat_activity "
                        + "WHERE pid <> pg_backend_pid()")) {
                        while (rows.next()) {
                            int pid = rows.getInt(1);
                            long ticks = ticksOf(pid);
                            Long before = backendTicks.put(pid, ticks);
                            databaseTicks += before == null ? 0 : Math.max(0, ticks - before);
                            if ("client backend".equals(rows.getString(2))) {
                                clients++;
                                String state = rows.getString(3);
                                if ("active".equals(state) || (state != null && state.startsWith("idle in transaction"))) {
                                    working++;
                                }
                                if ("active".equals(state) && rows.getString(4) != null) {
                                    running.merge(rows.getString(4).replaceAll("\\s+", " ").trim(), 1, Integer::sum);
                                }
                            }
                        }
                    }
                    connections.add(clients);
                    busy.add(working);
                    postgres.add(100.0 * databaseTicks / 100.0 / (interval / 1e9) / Runtime.getRuntime().availableProcessors());
                }
            } catch (Exception e) {
                if (!stop) {
                    System.out.println("national day: sampling stopped early: " + e);
                }
            }
        }

        private long[] machineTicks() throws IOException {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            return new long[]{total, Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])};
        }

        private long hubTicks() throws IOException {
            return ticksOf(hubPid);
        }

        /** A process's user and system CPU time in clock ticks, or 0 once it has gone. */
        private long ticksOf(long pid) throws IOException {
            Path file = Path.of("/proc", String.valueOf(pid), "stat");
            String stat;
            try {
                stat = Files.readString(file);
            } catch (java.nio.file.NoSuchFileException gone) {
                return 0;
            }
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }

        Resources resources(long delivered, int open) {
            return new Resources(average(hub), peak(hub), average(machine), peak(machine),
                heap.stream().mapToLong(Long::longValue).max().orElse(0),
                (long) heap.stream().mapToLong(Long::longValue).average().orElse(0),
                connections.stream().mapToInt(Integer::intValue).max().orElse(0),
                connections.stream().mapToInt(Integer::intValue).average().orElse(0), delivered, open, average(postgres),
                running.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(3)
                    .map(e -> e.getValue() + "x " + (e.getKey().length() > 90 ? e.getKey().substring(0, 90) + "..." : e.getKey()))
                    .toList(),
                busy.stream().mapToInt(Integer::intValue).max().orElse(0),
                busy.stream().mapToInt(Integer::intValue).average().orElse(0));
        }

        private double average(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }

        private double peak(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private static <T> T join(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }
}
