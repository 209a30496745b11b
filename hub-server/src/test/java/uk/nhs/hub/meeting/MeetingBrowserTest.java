package uk.nhs.hub.meeting;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.BrowserScripts;
import uk.nhs.hub.TestHub;

class MeetingBrowserTest {

    @BeforeAll
    static void start() {
        TestHub.get().resetDatabase();
    }

    @Test
    void organisersScheduleWithAPreviewAndRepliesShowLive() throws Exception {
        BrowserScripts.run("meetings.mjs");
    }

    @Test
    void organisersChooseARepeatInPlainFieldsOnADesktopAPhoneAndWithoutJavaScript() throws Exception {
        BrowserScripts.run("scheduling.mjs");
    }

    @Test
    void organisersAndMembersWorkOnOneDateFromItsPage() throws Exception {
        BrowserScripts.run("occurrences.mjs");
    }

    @Test
    void membersReplyToADateFromItsPageAndGoingComesBeforeAWorkshop() throws Exception {
        BrowserScripts.run("replying.mjs");
    }

    @Test
    void cancellingADateIsConfirmedWithAReasonThatReachesTheInvitations() throws Exception {
        BrowserScripts.run("cancel-date.mjs");
        for (String journey : new String[]{"desktop", "phone", "without JavaScript"}) {
            String reason = "The room is double-booked (" + journey + ")";
            long cancellations = TestHub.await(TestHub.get().pool().preparedQuery(
                    "SELECT count(*) FROM outbox WHERE calendar_method = 'CANCEL' AND body LIKE $1 AND calendar LIKE $2")
                .execute(io.vertx.sqlclient.Tuple.of("%Reason: " + reason + "%", "%COMMENT:" + reason + "%")))
                .iterator().next().getLong(0);
            org.junit.jupiter.api.Assertions.assertEquals(1, cancellations, "the organiser is told, with the reason: " + journey);
        }
    }
}
