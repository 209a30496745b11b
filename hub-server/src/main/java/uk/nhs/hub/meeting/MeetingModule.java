package uk.nhs.hub.meeting;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.network.UpcomingMeetings;
import uk.nhs.hub.platform.EmailTemplates;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.EventBusBridge;
import uk.nhs.hub.platform.HubConfig;
import uk.nhs.hub.platform.JobRuns;

import java.time.Clock;
import java.util.UUID;

/** The meeting feature assembled. */
public final class MeetingModule {

    private final MeetingService service;
    private final RsvpService rsvps;
    private final MeetingRoutes routes;
    private final MeetingPages pages;
    private final OccurrencePages occurrencePages;
    private final CalendarPages calendarPages;
    private final Reminders reminders;
    private final MeetingPapers papers;
    private final Authentication authentication;

    public MeetingModule(Vertx vertx, Pool pool, HubConfig config, NetworkService networks, Authentication authentication,
                         Pages pageRenderer, Clock clock) {
        MeetingRepository repository = new MeetingRepository(pool);
        String baseUrl = config.http().baseUrl();
        MeetingNotices notices = new MeetingNotices(vertx, new EmailTemplates(), Itip.Organiser.of(config.smtp().from()), baseUrl,
            clock);
        this.service = new MeetingService(vertx, repository, networks, clock, notices);
        this.rsvps = new RsvpService(vertx, service, repository, networks, clock, baseUrl, notices);
        AttendanceService attendance = new AttendanceService(pool, service, networks, clock);
        Representation representation = new Representation(pool, service);
        Workshops workshops = new Workshops(pool, service);
        Invitees invitees = new Invitees(pool, service, networks);
        MeetingGuests guests = new MeetingGuests(pool, service, baseUrl);
        OccurrenceItems items = new OccurrenceItems(pool, service);
        this.papers = new MeetingPapers(vertx, pool, service);
        this.authentication = authentication;
        CalendarFeeds feeds = new CalendarFeeds(pool, baseUrl, clock);
        this.routes = new MeetingRoutes(service, rsvps, feeds, attendance, representation,
            workshops, invitees, guests, items, authentication, baseUrl, clock);
        this.calendarPages = new CalendarPages(feeds, authentication, pageRenderer, clock);
        this.pages = new MeetingPages(service, rsvps, attendance, representation, networks, authentication, pageRenderer);
        this.occurrencePages = new OccurrencePages(service, rsvps, workshops, invitees, guests, items, papers, networks, authentication,
            pageRenderer);
        this.reminders = new Reminders(vertx, pool, service, config.http().baseUrl(), papers);
    }

    /** Starts sending reminders, checking every {@code intervalMillis}. */
    public void startReminders(long intervalMillis, JobRuns runs) {
        reminders.start(intervalMillis, runs);
    }

    public void stopReminders() {
        reminders.stop();
    }

    /** Sends the reminders due at {@code now} (what the timer does); completes with how many were sent. */
    public io.vertx.core.Future<Integer> sendRemindersDue(java.time.Instant now) {
        return reminders.sendDue(now);
    }

    /** Whether someone may download a library document because it is a paper of a meeting they may see. */
    public io.vertx.core.Future<Boolean> mayReadPaper(uk.nhs.hub.account.SignedInUser reader, java.util.UUID documentId) {
        return papers.mayRead(reader, documentId);
    }

    /** Lets each occurrence page link to the occurrence's discussion. */
    public void openDiscussionsWith(OccurrenceDiscussions discussions) {
        occurrencePages.openDiscussionsWith(discussions);
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
        occurrencePages.mount(router);
        new MeetingPaperRoutes(papers, authentication).mount(router);
        calendarPages.mount(router);
    }
}
