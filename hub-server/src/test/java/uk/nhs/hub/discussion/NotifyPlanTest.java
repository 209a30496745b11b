package uk.nhs.hub.discussion;

import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.hub.StatementPlans;
import uk.nhs.hub.TestHub;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.hub.TestHub.await;

/**
 * Whom a post tells is found from the people it could be about (those it names, the author it answers, the thread's
 * watchers), each checked to be a member. It used to read every membership of the network first: in a network of
 * 5,000 that was 0.5 ms on every post and 10 ms on a post naming someone.
 */
class NotifyPlanTest {

    private static final int MEMBERS = 400;
    private static final UUID NETWORK = UUID.randomUUID();
    private static final UUID THREAD = UUID.randomUUID();
    private static final UUID BUSY = UUID.randomUUID();

    /** Member {@code n} of the network, whose name is "Member n". */
    private static UUID member(int n) {
        return new UUID(0x4e6f74696679L, n);
    }

    @BeforeAll
    static void aLargeNetworkWithAWatchedThread() {
        TestHub.get().resetDatabase();
        await(TestHub.get().pool().withTransaction(tx -> tx.preparedQuery("""
                INSERT INTO users (id, email, password_hash, display_name)
                SELECT ('00004e6f-7469-6679-0000-' || lpad(to_hex(g), 12, '0'))::uuid, 'member' || g || '@notify.nhs.uk',
                       'not a hash', 'Member ' || g
                FROM generate_series(1, $1) g
                """).execute(Tuple.of(MEMBERS))
            .compose(v -> tx.preparedQuery("INSERT INTO networks (id, name, slug, visibility) VALUES ($1, 'Notify', 'notify', 'open')")
                .execute(Tuple.of(NETWORK)))
            .compose(v -> tx.preparedQuery("""
                INSERT INTO memberships (network_id, user_id, role, role_title)
                SELECT $1, id, 'member', CASE WHEN display_name = 'Member 7' THEN 'Lead nurse' END FROM users
                WHERE email LIKE '%@notify.nhs.uk'
                """).execute(Tuple.of(NETWORK)))
            .compose(v -> tx.preparedQuery("INSERT INTO threads (id, network_id, title) VALUES ($1, $2, 'Watched')")
                .execute(Tuple.of(THREAD, NETWORK)))
            .compose(v -> tx.preparedQuery("""
                INSERT INTO thread_watches (user_id, thread_id, level)
                SELECT id, $1, 'watching' FROM users WHERE email IN ('member1@notify.nhs.uk', 'member2@notify.nhs.uk')
                """).execute(Tuple.of(THREAD)))));
        // a busy thread: 40 watchers, each with the unread notice of an earlier post and ten other unread notices
        await(TestHub.get().pool().withTransaction(tx -> tx.preparedQuery(
                "INSERT INTO threads (id, network_id, title) VALUES ($1, $2, 'Busy')").execute(Tuple.of(BUSY, NETWORK))
            .compose(v -> tx.preparedQuery("""
                INSERT INTO thread_watches (user_id, thread_id, level)
                SELECT id, $1, 'watching' FROM users WHERE email LIKE '%@notify.nhs.uk' ORDER BY email LIMIT 40
                """).execute(Tuple.of(BUSY)))
            .compose(v -> tx.preparedQuery("""
                INSERT INTO notifications (user_id, kind, network_id, title, href, email_state, gather)
                SELECT w.user_id, 'watched_post', $2, 'Earlier post', '/threads/' || $1::text, 'none',
                       CASE WHEN g = 0 THEN 'thread:' || $1::text END
                FROM thread_watches w, generate_series(0, 10) g WHERE w.thread_id = $1::uuid
                """).execute(Tuple.of(BUSY.toString(), NETWORK)))));
        await(TestHub.get().pool().query("ANALYZE users, memberships, thread_watches, notifications").execute());
    }

    @Test
    void aPostMentioningNobodyReadsOnlyItsWatchersMemberships() {
        long read = StatementPlans.rowsRead("memberships", DiscussionSql.TO_NOTIFY,
            THREAD, NETWORK, member(3), null, new String[0], "thread:" + THREAD);
        assertTrue(read <= 2, read + " memberships read to tell two watchers");
    }

    @Test
    void watchersWhoHaveNotReadAnEarlierPostAreEachCheckedByOneNotice() {
        long read = StatementPlans.rowsRead("notifications", DiscussionSql.TO_NOTIFY,
            BUSY, NETWORK, member(3), null, new String[0], "thread:" + BUSY);
        assertTrue(read <= 40, read + " notifications read to find that 40 watchers have an unread one");
    }

    @Test
    void aPostMentioningANameAndARoleTitleReadsOnlyTheirMemberships() {
        long read = StatementPlans.rowsRead("memberships", DiscussionSql.TO_NOTIFY,
            THREAD, NETWORK, member(3), null, new String[]{"member 12", "lead nurse"}, "thread:" + THREAD);
        assertTrue(read <= 2 * 2 + 2, read + " memberships read to tell two watchers and two people mentioned");
    }
}
