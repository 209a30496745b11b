package uk.nhs.hub;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.nhs.hub.account.AccountModule;
import uk.nhs.hub.activity.ActivityModule;
import uk.nhs.hub.admin.AdminModule;
import uk.nhs.hub.moderation.ModerationModule;
import uk.nhs.hub.demo.DemoData;
import uk.nhs.hub.broadcast.BroadcastModule;
import uk.nhs.hub.demo.DemoActivity;
import uk.nhs.hub.discussion.DiscussionModule;
import uk.nhs.hub.document.AttachedPapers;
import uk.nhs.hub.document.DocumentModule;
import uk.nhs.hub.home.HomeModule;
import uk.nhs.hub.meeting.MeetingModule;
import uk.nhs.hub.network.NetworkModule;
import uk.nhs.hub.notification.NotificationModule;
import uk.nhs.hub.notification.EmailControl;
import uk.nhs.hub.project.ProjectModule;
import uk.nhs.hub.retention.RetentionModule;
import uk.nhs.hub.platform.ControlCharacters;
import uk.nhs.hub.platform.DatabaseMigrations;
import uk.nhs.hub.platform.EmbeddedDatabase;
import uk.nhs.hub.platform.ErrorResponder;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HealthRoutes;
import uk.nhs.hub.platform.HttpServerVerticle;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.HubHealth;
import uk.nhs.hub.platform.HubMetrics;
import uk.nhs.hub.platform.OutboxSender;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.RequestIds;
import uk.nhs.hub.platform.SameOriginOnly;
import uk.nhs.hub.platform.SecurityHeaders;

import java.time.Clock;
import java.util.List;

/**
 * The composition root: starts the database (embedded unless configured), migrates it off the event loop,
 * opens the pool, assembles the features and deploys the HTTP verticle. {@link #stop()} undoes it in reverse.
 */
public final class Hub {

    private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
    /** The OpenAPI contract, served at {@code /api/openapi.yaml}. */
    static final String API_DOCUMENT = "api/openapi.yaml";
    /** The last number taken for a hub's instances to share a free port (see {@link #start}). */
    private static final java.util.concurrent.atomic.AtomicInteger SHARED_FREE_PORTS = new java.util.concurrent.atomic.AtomicInteger();

    private final Vertx vertx;
    private final Started started;
    private final String deploymentId;
    private final List<HttpServerVerticle> servers;

    private Hub(Vertx vertx, Started started, String deploymentId, List<HttpServerVerticle> servers) {
        this.vertx = vertx;
        this.started = started;
        this.deploymentId = deploymentId;
        this.servers = servers;
    }

    /** Starts the hub without demonstration data (unless the embedded database is new). */
    public static Future<Hub> start(Vertx vertx, HubConfig config, PrometheusMeterRegistry registry) {
        return start(vertx, config, registry, false);
    }

    /**
     * Starts the hub; on failure everything started so far is stopped again. Demonstration data is seeded when
     * {@code demo} is set, and on the first start of an embedded database.
     */
    public static Future<Hub> start(Vertx vertx, HubConfig config, PrometheusMeterRegistry registry, boolean demo) {
        Started started = new Started();
        HubMetrics metrics = new HubMetrics(registry, Clock.systemUTC());
        started.metrics = metrics;
        return database(vertx, config)
            .compose(embedded -> {
                started.embedded = embedded;
                String url = embedded != null ? embedded.url() : config.database().url().orElseThrow();
                PgConnectOptions connect = PgConnectOptions.fromUri(url)
                    .setCachePreparedStatements(true)
                    .setPreparedStatementCacheMaxSize(512)
                    // the client caches only statements under 2,048 characters by default; longer ones (the home's,
                    // a post's page) were planned afresh on every request, which cost PostgreSQL more than running them
                    .setPreparedStatementCacheSqlLimit(65_536);
                // unordered: the embedded database's start left this on a context whose ordered queue would hold
                // back the blocking steps of the assembly below (reading the signing key) until the migrations end
                Future<Integer> migrated = vertx.executeBlocking(() -> DatabaseMigrations.migrate(connect), false)
                    .onSuccess(count -> {
                        if (count > 0) {
                            LOG.info("applied {} database migrations", count);
                        }
                    });
                // the pool opens no connection until it is first used
                started.pool = PgBuilder.pool()
                    .with(new PoolOptions().setMaxSize(config.database().poolSize()).setShared(false))
                    .connectingTo(connect)
                    .using(vertx)
                    .build();
                // assembling the features reads no table and starts no job, so it runs while the migrations do (each
                // about a fifth of the start); it is composed rather than called, so that even a throw from it waits
                // for the migrations, and both have finished before anything below reads the database
                Future<Features> features = Future.succeededFuture().compose(v -> assemble(vertx, config, started, metrics));
                return Future.join(migrated, features).map(done -> features.result());
            })
            .compose(features -> seedDemo(vertx, started, demo).map(features))
            .compose(features -> features.admin().applyConfiguredAdministrators().map(features))
            .compose(features -> !started.demoSeeded ? Future.succeededFuture(features)
                : new DemoActivity(started.pool, features.meetings().service(), features.discussions().service(),
                    features.broadcasts().service(), Clock.systemUTC()).add()
                    .compose(v -> features.projects().addDemo()).map(features))
            .compose(features -> {
                started.bridge = features.bridge();
                started.outbox = new OutboxSender(vertx, started.pool, config.smtp());
                started.outbox.start(2000, metrics.job("outbox"));
                started.emailControl = new EmailControl(vertx, started.pool, config.http().baseUrl(),
                    features.accounts().authentication(), features.pages(), Clock.systemUTC());
                started.emailControl.digests().start(60_000, metrics.job("digests"));
                started.meetings = features.meetings();
                started.discussions = features.discussions();
                started.broadcasts = features.broadcasts();
                started.projects = features.projects();
                started.meetings.startReminders(60_000, metrics.job("meeting-reminders"));
                started.broadcasts.startTelling(60_000, metrics.job("broadcast-telling"));
                started.projects.startOpeningCheck(60_000, metrics.job("consultation-opening"));
                started.documents = features.documents();
                started.documents.startSweeping(metrics.job("abandoned-uploads"));
                started.documents.startReadingText(metrics.job("paper-text"));
                started.documents.startPurging(metrics.job("paper-purge"), Clock.systemUTC());
                started.retention = features.retention();
                started.retention.startJob(metrics.job("retention"));
                started.health = new HubHealth(vertx, started.pool, registry, metrics, features.bridge()::liveConnections,
                    Clock.systemUTC());
                return started.health.start(15_000).compose(v -> features.bridge().listen())
                    .map(v -> routerFactory(config, started.pool, registry, features, started.emailControl));
            })
            .compose(routerFactory -> {
                // one instance per event loop: each accepts its share of connections and runs their requests on
                // its own loop, so request work is not capped at one core; every shared service is thread-safe
                List<HttpServerVerticle> instances = new java.util.concurrent.CopyOnWriteArrayList<>();
                HttpServerOptions options = serverOptions(config);
                if (options.getPort() == 0) {
                    // port 0 would give each instance a port of its own; servers given the same negative port share
                    // one free port, and each hub takes a number of its own so two hubs in one process never share
                    options.setPort(-SHARED_FREE_PORTS.incrementAndGet());
                }
                return vertx.deployVerticle(() -> {
                        HttpServerVerticle verticle = new HttpServerVerticle(options, routerFactory);
                        instances.add(verticle);
                        return verticle;
                    }, new DeploymentOptions().setInstances(config.http().serverInstances()))
                    .map(id -> new Hub(vertx, started, id, List.copyOf(instances)));
            })
            .recover(err -> started.close(vertx).transform(ignored -> Future.failedFuture(err)));
    }

    /** The HTTP port the hub listens on. */
    public int port() {
        return servers.get(0).port();
    }

    /** The HTTP server instances: the port each bound and how many requests each has been given. */
    public List<HttpServerVerticle> servers() {
        return servers;
    }

    /** Every route as {@code "METHOD /path"} (path parameters as {@code :name}), for checking the API contract. */
    public List<String> routes() {
        return servers.get(0).routes();
    }

    /** The database pool (for tests and tools that share the hub's database). */
    public Pool pool() {
        return started.pool;
    }

    /** The meeting feature (tests send reminders without waiting for its timer). */
    public MeetingModule meetings() {
        return started.meetings;
    }

    /** The library feature (tests purge deleted papers with a clock of their own). */
    public DocumentModule documents() {
        return started.documents;
    }

    /** The live bridge (tests count how often its messages are encoded). */
    public EventBusBridge bridge() {
        return started.bridge;
    }

    public DiscussionModule discussions() {
        return started.discussions;
    }

    public BroadcastModule broadcasts() {
        return started.broadcasts;
    }

    /** The projects feature (tests add the demonstration projects, as start-up does after seeding). */
    public ProjectModule projects() {
        return started.projects;
    }

    /** Email people control (tests run its digest job with their own clock). */
    public EmailControl emailControl() {
        return started.emailControl;
    }

    /** The outbox sender (tests deliver due mail without waiting for its timer). */
    public OutboxSender outbox() {
        return started.outbox;
    }

    /** Retention (tests run its job with their own clock). */
    public RetentionModule retention() {
        return started.retention;
    }

    /** The hub's own meters (tests record scheduled job runs through it). */
    public HubMetrics metrics() {
        return started.metrics;
    }

    /** The hub's health at a glance (database, outbox, live connections, scheduled jobs), for administrators. */
    public HubHealth health() {
        return started.health;
    }

    /** Stops accepting requests, lets those in flight finish, closes the pool and the embedded database. */
    public Future<Void> stop() {
        started.stopJobs();
        started.outbox.stop();
        started.bridge.closeAll();
        return vertx.undeploy(deploymentId)
            .transform(ignored -> started.close(vertx));
    }

    /** Builds every feature and wires them together; nothing here touches the database or starts a job. */
    private static Future<Features> assemble(Vertx vertx, HubConfig config, Started started, HubMetrics metrics) {
        Pages pages = new Pages(vertx, false);
        EventBusBridge bridge = new EventBusBridge(vertx);
        return vertx.fileSystem().readFile(API_DOCUMENT).compose(apiDocument ->
            AccountModule.create(vertx, started.pool, config, pages, bridge, Clock.systemUTC()).map(accounts -> {
                NetworkModule networks = new NetworkModule(vertx, started.pool, config,
                    accounts.authentication(), pages, bridge, Clock.systemUTC());
                networks.checkTwoStepWith(accounts.twoStep()::isOn);
                MeetingModule meetings = new MeetingModule(vertx, started.pool, config, networks.service(),
                    accounts.authentication(), pages, Clock.systemUTC());
                DiscussionModule discussions = new DiscussionModule(vertx, started.pool, config, networks.service(),
                    accounts.authentication(), pages, Clock.systemUTC(), metrics.posts());
                BroadcastModule broadcasts = new BroadcastModule(vertx, started.pool, config, networks.service(),
                    discussions.service(), accounts.authentication(), pages, Clock.systemUTC(),
                    metrics.broadcastResponses());
                networks.showUpcomingMeetings(meetings.upcoming());
                networks.showRecentDiscussions(discussions.recentDiscussions());
                networks.showOpenBroadcasts(broadcasts.openBroadcasts());
                accounts.keepInvitedAddresses(networks.service()::openInvitationAddress);
                meetings.openDiscussionsWith(discussions.occurrenceDiscussions());
                bridge.allow(accounts.bridgeRule()).allow(networks.bridgeRule()).allow(meetings.bridgeRule())
                    .allow(broadcasts.bridgeRule());
                NotificationModule notifications = new NotificationModule(vertx, started.pool, accounts.authentication(), pages);
                DocumentModule documents = new DocumentModule(vertx, started.pool, config, networks.service(),
                    accounts.authentication(), accounts.csrf(), pages);
                ProjectModule projects = new ProjectModule(vertx, started.pool, config, networks.service(),
                    accounts.authentication(), pages, bridge);
                AttachedPapers attachedPapers = AttachedPapers.anyOf(List.of(meetings::mayReadPaper,
                    broadcasts::mayReadPaper, projects::mayReadPaper));
                documents.readAttachedPapersWith(attachedPapers);
                discussions.service().findAttachedPapersWith(attachedPapers);
                bridge.allow(projects.bridgeRule());
                AdminModule admin = new AdminModule(vertx, started.pool, config, accounts, networks.service(), pages);
                ModerationModule moderation = new ModerationModule(vertx, started.pool, networks.service(),
                    admin.administrators(), accounts.authentication(), pages);
                RetentionModule retention = new RetentionModule(vertx, started.pool, networks.service(),
                    accounts.authentication(), pages, admin.administrators()::isAdministrator, Clock.systemUTC());
                return new Features(accounts, networks, meetings, discussions, broadcasts, bridge, apiDocument, pages,
                    notifications, documents, projects, admin, moderation, retention);
            }));
    }

    private static Future<Void> seedDemo(Vertx vertx, Started started, boolean demo) {
        DemoData data = new DemoData(vertx, started.pool);
        Future<Boolean> wanted = demo ? Future.succeededFuture(true)
            : started.embedded == null ? Future.succeededFuture(false) : data.isEmpty();
        return wanted.compose(seed -> seed ? data.seedOnce().map(seeded -> {
            DemoData.signIns().forEach(LOG::info);
            started.demoSeeded = seeded;
            return null;
        }) : Future.succeededFuture());
    }

    private static Future<EmbeddedDatabase> database(Vertx vertx, HubConfig config) {
        if (config.database().url().isPresent()) {
            return Future.succeededFuture(null);
        }
        return vertx.executeBlocking(() -> EmbeddedDatabase.start(config.dataDir().resolve("pg"), false));
    }

    private static HttpServerOptions serverOptions(HubConfig config) {
        return new HttpServerOptions()
            .setHost(config.http().host())
            .setPort(config.http().port())
            .setCompressionSupported(true)
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false)
            .setMaxFormAttributeSize((int) Math.min(Integer.MAX_VALUE, config.http().bodyLimitBytes()));
    }

    /** The assembled features. */
    private record Features(AccountModule accounts, NetworkModule networks, MeetingModule meetings,
                            DiscussionModule discussions, BroadcastModule broadcasts, EventBusBridge bridge,
                            Buffer apiDocument, Pages pages, NotificationModule notifications,
                            DocumentModule documents, ProjectModule projects, AdminModule admin,
                            ModerationModule moderation, RetentionModule retention) {
    }

    private static java.util.function.Function<Vertx, Router> routerFactory(
            HubConfig config, Pool pool, PrometheusMeterRegistry registry, Features features,
            EmailControl emailControl) {
        EventBusBridge bridge = features.bridge();
        AccountModule accounts = features.accounts();
        Buffer apiDocument = features.apiDocument();
        ErrorResponder errors = new ErrorResponder(features.pages());
        return vertx -> {
            Router router = Router.router(vertx);
            router.route().handler(new RequestIds()).handler(new SecurityHeaders())
                .handler(config.security().trustedProxies());
            new HealthRoutes(pool, registry).mount(router);
            router.get("/api/openapi.yaml").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/yaml; charset=utf-8")
                .end(apiDocument));
            router.route("/assets/*").handler(StaticHandler.create("webroot/assets")
                .setCachingEnabled(true)
                .setMaxAgeSeconds(3600)
                .setDirectoryListing(false));
            router.route("/eventbus/*")
                .handler(new SameOriginOnly())
                .handler(accounts.authentication().identify());
            router.route("/eventbus/*")
                .handler(accounts.authentication().bridgeUser())
                .subRouter(bridge.router(vertx));
            // streamed uploads, ahead of the body handler that would buffer them; they sign in and check CSRF themselves
            features.documents().mountUploads(router);
            features.discussions().mountUploads(router, features.documents().paperForms());
            router.route().handler(BodyHandler.create(false).setBodyLimit(config.http().bodyLimitBytes()));
            router.route().handler(ControlCharacters.refused());
            // RFC 8058 one-click unsubscribe comes from mail apps without cookies or a CSRF token; the secret
            // token in its address is the proof, so it alone is mounted ahead of CSRF protection
            emailControl.mountOneClick(router);
            router.route().handler(accounts.authentication().identify());
            router.route().handler(accounts.csrf());
            features.notifications().mountBadge(router);
            // before the account pages, which keep the signed-out home at the same path
            new HomeModule(pool, features.pages(), accounts.authentication(), Clock.systemUTC()).mount(router);
            accounts.mount(router);
            features.admin().mount(router);
            features.networks().mount(router);
            features.meetings().mount(router);
            features.discussions().mount(router);
            features.moderation().mount(router);
            features.broadcasts().mount(router);
            new ActivityModule(pool, features.pages(), accounts.authentication(), features.networks().service(), Clock.systemUTC())
                .mount(router);
            features.documents().mount(router);
            features.notifications().mount(router);
            features.projects().mount(router);
            features.retention().mount(router);
            emailControl.mount(router);
            router.route().failureHandler(errors);
            // statuses vertx-web sets before any route runs (bad percent-encoding, oversized bodies) get the one shape too
            for (int status : new int[] {400, 404, 405, 413, 414, 415}) {
                router.errorHandler(status, errors.forStatus(status));
            }
            return router;
        };
    }

    /** What has been started so far, to close in reverse order. */
    private static final class Started {
        EmbeddedDatabase embedded;
        Pool pool;
        OutboxSender outbox;
        EmailControl emailControl;
        EventBusBridge bridge;
        HubHealth health;
        HubMetrics metrics;
        MeetingModule meetings;
        DiscussionModule discussions;
        BroadcastModule broadcasts;
        ProjectModule projects;
        DocumentModule documents;
        RetentionModule retention;
        boolean demoSeeded;

        /** Stops every job started so far, also after a start that failed part way; stopping one twice does no harm. */
        void stopJobs() {
            if (health != null) {
                health.stop();
            }
            if (meetings != null) {
                meetings.stopReminders();
            }
            if (broadcasts != null) {
                broadcasts.stopTelling();
            }
            if (projects != null) {
                projects.stopOpeningCheck();
            }
            if (documents != null) {
                documents.stopSweeping();
            }
            if (retention != null) {
                retention.stopJob();
            }
            if (emailControl != null) {
                emailControl.digests().stop();
            }
        }

        Future<Void> close(Vertx vertx) {
            stopJobs();
            Future<Void> stopped = outbox == null ? Future.succeededFuture() : outbox.stop();
            Future<Void> closed = stopped.transform(ignored -> pool == null ? Future.succeededFuture() : pool.close());
            return closed.transform(ignored -> embedded == null ? Future.succeededFuture()
                : vertx.executeBlocking(() -> {
                    embedded.close();
                    return null;
                }));
        }
    }
}
