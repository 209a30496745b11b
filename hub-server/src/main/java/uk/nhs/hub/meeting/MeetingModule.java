package uk.nhs.hub.meeting;

import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.HubConfig;

import java.time.Clock;

/** The meeting feature assembled. */
public final class MeetingModule {

    private final MeetingService service;
    private final MeetingRoutes routes;

    public MeetingModule(Pool pool, HubConfig config, NetworkService networks, Authentication authentication, Clock clock) {
        this.service = new MeetingService(new MeetingRepository(pool), networks, clock);
        this.routes = new MeetingRoutes(service, authentication, config.http().baseUrl(), clock);
    }

    public MeetingService service() {
        return service;
    }

    public void mount(Router router) {
        routes.mount(router);
    }
}
