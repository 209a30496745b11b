package uk.nhs.hub;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.demo.DemoActivity;
import uk.nhs.hub.demo.DemoData;

import java.time.Clock;

import static uk.nhs.hub.TestHub.await;

/** The main pages of the demo on a 390-pixel phone, in Chromium (see {@code hub-web/browser-tests/phone.mjs}). */
class PhoneBrowserTest {

    @BeforeAll
    static void seedTheDemo() {
        TestHub.get().resetDatabase();
        await(new DemoData(TestHub.get().vertx(), TestHub.get().pool()).seedOnce());
        var hub = TestHub.get().hub();
        await(new DemoActivity(TestHub.get().pool(), hub.meetings().service(), hub.discussions().service(),
            hub.broadcasts().service(), Clock.systemUTC()).add());
        await(TestHub.get().pool().query("INSERT INTO platform_administrators (user_id)"
            + " SELECT id FROM users WHERE email = 'organiser@demo.nhs.uk'").execute());
        // a held network, so the legal holds page is checked with a hold on it
        await(TestHub.get().pool().query("INSERT INTO network_retention (network_id, legal_hold, legal_hold_reason,"
            + " hold_set_by, hold_set_at) SELECT n.id, true, 'Public inquiry', u.id, now() FROM networks n, users u"
            + " WHERE n.slug = 'leeds-cancer' AND u.email = 'organiser@demo.nhs.uk'").execute());
    }

    @Test
    void mainPagesOnAPhoneHaveNoAxeViolationsDuplicateIdsSmallTapTargetsOrSkippedHeadingsAndOfferABackLink() throws Exception {
        BrowserScripts.run("phone.mjs");
    }
}
