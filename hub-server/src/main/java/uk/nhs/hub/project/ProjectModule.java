package uk.nhs.hub.project;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.EmailTemplates;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.JobRuns;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;
import java.util.UUID;

/** The service change projects feature assembled. */
public final class ProjectModule {

    private final ProjectService service;
    private final ProjectRoutes routes;
    private final ProjectPages pages;
    private final ConsultationService consultations;
    private final ConsultationRoutes consultationRoutes;
    private final ConsultationPages consultationPages;
    private final MeasureRoutes measureRoutes;
    private final ProgressPages progressPages;
    private final DemoProjects demo;
    private final Vertx vertx;
    private long openingCheck = -1;

    public ProjectModule(Vertx vertx, Pool pool, HubConfig config, NetworkService networks, Authentication authentication,
                         Pages pageRenderer, EventBusBridge bridge) {
        this.vertx = vertx;
        this.service = new ProjectService(vertx, pool, networks, config.http().baseUrl(), bridge);
        this.routes = new ProjectRoutes(service, authentication);
        this.consultations = new ConsultationService(vertx, pool, service, new EmailTemplates(), config.http().baseUrl(),
            Clock.systemUTC());
        this.consultationRoutes = new ConsultationRoutes(consultations, authentication);
        this.consultationPages = new ConsultationPages(consultations, service, authentication, pageRenderer);
        ProjectMeasures measures = new ProjectMeasures(pool, service);
        ProjectProgress progress = new ProjectProgress(pool, networks);
        this.pages = new ProjectPages(service, consultations, networks, authentication, pageRenderer, measures);
        this.measureRoutes = new MeasureRoutes(measures, progress, authentication);
        this.progressPages = new ProgressPages(progress, networks, authentication, pageRenderer);
        this.demo = new DemoProjects(pool, service, measures, consultations, Clock.systemUTC());
    }

    /**
     * Announces each consultation set to open later to its project's followers within {@code intervalMillis} of its
     * opening: checks at once, then every interval.
     */
    public void startOpeningCheck(long intervalMillis, JobRuns runs) {
        runs.record(consultations::tellOpened);
        openingCheck = vertx.setPeriodic(intervalMillis, id -> runs.record(consultations::tellOpened));
    }

    public void stopOpeningCheck() {
        if (openingCheck >= 0) {
            vertx.cancelTimer(openingCheck);
            openingCheck = -1;
        }
    }

    /** Whether the reader may see a project one of whose hearings has the document as its paper. */
    public Future<Boolean> mayReadPaper(SignedInUser reader, UUID documentId) {
        return service.mayReadPaper(reader, documentId);
    }

    public void mount(Router router) {
        routes.mount(router);
        measureRoutes.mount(router);
        // before the project pages, whose /networks/:slug/projects routes must not see "progress" first
        progressPages.mount(router);
        pages.mount(router);
        consultationRoutes.mount(router);
        consultationPages.mount(router);
    }

    /** The demonstration network's projects, added once after the demonstration data is seeded. */
    public Future<Void> addDemo() {
        return demo.add();
    }

    /** A project page's live address reaches whoever may see the project, checked on every register. */
    public EventBusBridge.Rule bridgeRule() {
        return new EventBusBridge.Rule(ProjectEvents.ADDRESS, (userId, address) -> service.mayWatch(UUID.fromString(userId),
            UUID.fromString(address.substring(ProjectEvents.ADDRESS_PREFIX.length()))));
    }
}
