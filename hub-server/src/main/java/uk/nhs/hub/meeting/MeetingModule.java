package uk.nhs.hub.meeting;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.network.UpcomingMeetings;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubConfig;

import java.time.Clock;
import java.util.UUID;

/** The meeting feature assembled. */
public final class MeetingModule {

    private final MeetingService service;
    private final RsvpService rsvps;
    private final MeetingRoutes routes;
    private final MeetingPages pages;

    public MeetingModule(Vertx vertx, Pool pool, HubConfig config, NetworkService networks, Authentication authentication,
                         Pages pageRenderer, Clock clock) {
        MeetingRepository repository = new MeetingRepository(pool);
        this.service = new MeetingService(vertx, repository, networks, clock);
        this.rsvps = new RsvpService(vertx, service, repository, networks, clock);
        AttendanceService attendance = new AttendanceService(pool, service, networks);
        Representation representation = new Representation(pool, service);
        this.routes = new MeetingRoutes(service, rsvps, new CalendarFeeds(pool, config.http().baseUrl(), clock),
            attendance, representation, authentication, config.http().baseUrl(), clock);
        this.pages = new MeetingPages(service, rsvps, attendance, representation, networks, authentication, pageRenderer);
    }

    /** The network page's list of next meetings. */
    public UpcomingMeetings upcoming() {
        return pages::upcoming;
    }

    /** A meeting's live replies reach whoever may see the meeting. */
    public EventBusBridge.Rule bridgeRule() {
        return new EventBusBridge.Rule(MeetingEvents.ADDRESS, (userId, address) -> service.visible(
                new SignedInUser(UUID.fromString(userId), null, null, null),
                UUID.fromString(address.substring(MeetingEvents.ADDRESS_PREFIX.length())))
            .map(true).otherwise(false));
    }

    public MeetingService service() {
        return service;
    }

    public void mount(Router router) {
        routes.mount(router);
        pages.mount(router);
    }
}
