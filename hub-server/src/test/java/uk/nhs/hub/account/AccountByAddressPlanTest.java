package uk.nhs.hub.account;

import org.junit.jupiter.api.Test;
import uk.nhs.hub.StatementPlans;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CSV import, single sign-on, meeting and project invitations and the audit filter all find an account by its
 * address. Compared as lower(email), no index served it, so each lookup read the whole users table: 1.2 ms each with
 * 2,000 accounts on a national day at a tenth, growing with every account.
 */
class AccountByAddressPlanTest {

    @Test
    void anAccountIsFoundByItsAddressThroughTheUniqueIndex() {
        String plan = StatementPlans.planAvoidingSequentialScans(Account.BY_ADDRESS, "Someone@Example.NHS.uk");
        assertTrue(plan.contains("users_email_key"), plan);
    }
}
