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

    public ProjectModule(Vertx vertx, Pool pool, HubConfig config, NetworkService networks, Authentication authentication,
                         Pages pageRenderer, EventBusBridge bridge) {
        this.service = new ProjectService(vertx, pool, networks, config.http().baseUrl(), bridge);
        this.routes = new ProjectRoutes(service, authentication);
        this.consultations = new ConsultationService(vertx, pool, service, new EmailTemplates(), config.http().baseUrl(),
            Clock.systemUTC());
        this.consultationRoutes = new ConsultationRoutes(consultations, authentication);
        this.consultationPages = new ConsultationPages(consultations, service, authentication, pageRenderer);
        // a consultation set to open later is announced to the project's followers within a minute of opening
        vertx.setPeriodic(OPENING_CHECK_MILLIS, t -> consultations.tellOpened());
        ProjectMeasures measures = new ProjectMeasures(pool, service);
        ProjectProgress progress = new ProjectProgress(pool, networks);
        this.pages = new ProjectPages(service, consultations, networks, authentication, pageRenderer, measures);
        this.measureRoutes = new MeasureRoutes(measures, progress, authentication);
        this.progressPages = new ProgressPages(progress, networks, authentication, pageRenderer);
        this.demo = new DemoProjects(pool, service, measures, consultations, Clock.systemUTC());
    }

    private static final long OPENING_CHECK_MILLIS = 60_000;

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
