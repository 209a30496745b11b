package uk.nhs.hub.network;

import org.junit.jupiter.api.Test;
import uk.nhs.hub.StatementPlans;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CSV import looks up every row's address. Compared as lower(email), no index served it, so each lookup read the
 * whole users table: 1.2 ms each with 2,000 accounts on a national day at a tenth, growing with every account.
 */
class AccountLookupPlanTest {

    @Test
    void anImportFindsAnAccountByItsAddressThroughTheUniqueIndex() {
        String plan = StatementPlans.planAvoidingSequentialScans(NetworkSql.ACCOUNT_BY_EMAIL, "Someone@Example.NHS.uk");
        assertTrue(plan.contains("users_email_key"), plan);
    }
}
