package uk.nhs.hub.account;

import org.junit.jupiter.api.Test;
import uk.nhs.hub.StatementPlans;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Single sign-on finds the account of a verified address through the unique index, not by reading every account. */
class SingleSignOnLookupPlanTest {

    @Test
    void singleSignOnFindsAnAccountByItsAddressThroughTheUniqueIndex() {
        String plan = StatementPlans.planAvoidingSequentialScans(SingleSignOn.USER_BY_EMAIL, "Someone@Example.NHS.uk");
        assertTrue(plan.contains("users_email_key"), plan);
    }
}
