package uk.nhs.hub.notification;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.platform.EmailTemplates;
import uk.nhs.hub.platform.Pages;

import java.time.Clock;

/**
 * Email people control, assembled: the preferences API and page, one-click unsubscribe, the wording of notice
 * emails and the digest job.
 */
public final class EmailControl {

    private final EmailPreferenceRoutes routes;
    private final EmailPreferencePages preferencePages;
    private final UnsubscribePages unsubscribePages;
    private final NoticeEmails emails;
    private final DigestJob digests;

    /** {@code baseUrl} is the hub's public address, for the links in emails. */
    public EmailControl(Vertx vertx, Pool pool, String baseUrl, Authentication authentication, Pages pages,
                        Clock clock) {
        this.emails = new NoticeEmails(new EmailTemplates(), baseUrl);
        this.routes = new EmailPreferenceRoutes(pool, authentication);
        this.preferencePages = new EmailPreferencePages(pool, authentication, pages);
        this.unsubscribePages = new UnsubscribePages(pool, pages);
        this.digests = new DigestJob(vertx, pool, emails, clock);
        Notifications.emailWith(emails);
    }

    /** The one route that must come before CSRF protection (see {@link UnsubscribePages#mountOneClick}). */
    public void mountOneClick(Router router) {
        unsubscribePages.mountOneClick(router);
    }

    public void mount(Router router) {
        routes.mount(router);
        preferencePages.mount(router);
        unsubscribePages.mount(router);
    }

    /** How notice emails are worded and linked. */
    public NoticeEmails emails() {
        return emails;
    }

    /** The digest job (tests run it with their own clock, or call {@link DigestJob#sendDue()}). */
    public DigestJob digests() {
        return digests;
    }
}
