package uk.nhs.hub.notification;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.AccountEvents;
import uk.nhs.hub.platform.EmailTemplates;
import uk.nhs.hub.platform.Outbox;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores notifications inside the caller's transaction and decides, from each person's email preferences, whether
 * the email that goes with one is queued now, left for their digest, or not sent. Features call {@link #record}
 * where they used to queue a person's email directly, then {@link #announce} after their transaction commits so
 * the person's open pages update their unread count.
 */
public final class Notifications {

    /** A person chooses how each category is emailed; {@link #ALWAYS} (invitations and answers they asked for) cannot be turned off. */
    public enum Category {
        MENTIONS, REPLIES, WATCHING, BROADCASTS, MEETINGS, ALWAYS;

        /** The column of {@code email_preferences} holding this category's choice. */
        String column() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a notification is about. */
    public enum Kind {
        MENTION(Category.MENTIONS),
        REPLY(Category.REPLIES),
        WATCHED_POST(Category.WATCHING),
        BROADCAST(Category.BROADCASTS),
        BROADCAST_VERSION(Category.BROADCASTS),
        RESPONSE_CHASE(Category.BROADCASTS),
        MEETING_REMINDER(Category.MEETINGS),
        WAITING_LIST_PROMOTED(Category.MEETINGS),
        DATE_CANCELLED(Category.MEETINGS),
        DATE_MOVED(Category.MEETINGS),
        INVITATION(Category.ALWAYS),
        JOIN_REQUEST_DECIDED(Category.ALWAYS),
        NOMINATION_DECIDED(Category.ALWAYS),
        PROJECT_UPDATE(Category.WATCHING),
        PROJECT_TEAM(Category.ALWAYS),
        NETWORK_REQUEST_DECIDED(Category.ALWAYS),
        POST_REPORTED(Category.WATCHING),
        REPORT_DECIDED(Category.REPLIES);

        private final Category category;

        Kind(Category category) {
            this.category = category;
        }

        public Category category() {
            return category;
        }

        /** The kind as the API and the database name it: {@code mention}, {@code watched-post}, ... */
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The kind named by {@link #wire()}, or null when there is none. */
        public static Kind fromWire(String value) {
            for (Kind kind : values()) {
                if (kind.wire().equals(value)) {
                    return kind;
                }
            }
            return null;
        }
    }

    /**
     * One notice for one person. {@code subject} names what it is about (such as {@code post:<id>}) so that
     * reading that thing can mark it read; {@code email} is the message to send if the person wants this kind
     * emailed at once, or null when the notice has no email of its own.
     */
    public record Notice(UUID userId, Kind kind, UUID networkId, String title, String body, String href, String subject,
                         Outbox.Message email, String gather) {

        /** A notice that never gathers: each one is stored. */
        public Notice(UUID userId, Kind kind, UUID networkId, String title, String body, String href, String subject,
                      Outbox.Message email) {
            this(userId, kind, networkId, title, body, href, subject, email, null);
        }
    }

    /** A stored notice and what was decided about its email: {@code sent}, {@code due} (for a digest) or {@code none}. */
    public record Stored(long id, UUID userId, Kind kind, String emailState) {
    }

    /**
     * How far the header badge counts: it shows "99+" beyond 99, so a count of 100 means "100 or more". Counting
     * further would make every notice slower for people who leave thousands unread.
     */
    public static final int BADGE_CAP = 100;

    private static final String PREFERENCES = """
        SELECT u.id AS user_id, u.display_name, p.mentions, p.replies, p.watching, p.broadcasts, p.meetings
        FROM users u LEFT JOIN email_preferences p ON p.user_id = u.id WHERE u.id = ANY($1)
        """;
    /** Stores notices; one whose person already has an unread notice with its gather key is not stored (V70). */
    private static final String INSERT = """
        INSERT INTO notifications (user_id, kind, network_id, title, body, href, subject, email_state, gather)
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                             $9::text[])
        ON CONFLICT (user_id, gather) WHERE gather IS NOT NULL AND read_at IS NULL DO NOTHING
        RETURNING id, user_id, kind, email_state, gather
        """;
    /**
     * The badge's count for each of $1: unread notices, counted no further than {@link #BADGE_CAP}, so that telling
     * the watchers of a busy thread costs the same however much each has left unread.
     */
    private static final String BADGE_COUNTS = """
        SELECT p.user_id, (SELECT count(*) FROM (SELECT 1 FROM notifications n WHERE n.user_id = p.user_id AND n.read_at IS NULL
                                                 LIMIT\s""" + BADGE_CAP + """
        ) unread) AS unread
        FROM unnest($1::uuid[]) AS p(user_id)
        """;
    /** The choice each category has for a person with no preferences saved (see V29__notifications.sql). */
    private static final Map<Category, String> DEFAULTS = Map.of(Category.MENTIONS, "immediately",
        Category.REPLIES, "daily", Category.WATCHING, "daily", Category.BROADCASTS, "immediately", Category.MEETINGS, "daily");

    /** How notice emails are worded and linked; the composition root sets the hub's public address. */
    private static volatile NoticeEmails emails = new NoticeEmails(new EmailTemplates(), "");

    private Notifications() {
    }

    /** Words notice emails with these templates and links (called once by the composition root). */
    public static void emailWith(NoticeEmails noticeEmails) {
        emails = noticeEmails;
    }

    /**
     * Stores {@code notices} in the caller's transaction and queues, in the same transaction, the emails of those
     * whose people want that kind emailed at once. A notice with a gather key whose person already has an unread
     * notice with that key is neither stored nor emailed, and is not among those returned (nor announced).
     */
    public static Future<List<Stored>> record(SqlClient tx, List<Notice> notices) {
        if (notices.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        UUID[] people = notices.stream().map(Notice::userId).distinct().toArray(UUID[]::new);
        return tx.preparedQuery(PREFERENCES).execute(Tuple.of((Object) people)).compose(rows -> {
            Map<UUID, Row> preferences = new HashMap<>();
            rows.forEach(row -> preferences.put(row.getUUID("user_id"), row));
            int n = notices.size();
            UUID[] users = new UUID[n];
            String[] kinds = new String[n];
            UUID[] networks = new UUID[n];
            String[] titles = new String[n];
            String[] bodies = new String[n];
            String[] hrefs = new String[n];
            String[] subjects = new String[n];
            String[] states = new String[n];
            String[] gathers = new String[n];
            List<Notice> now = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Notice notice = notices.get(i);
                users[i] = notice.userId();
                kinds[i] = notice.kind().wire();
                networks[i] = notice.networkId();
                titles[i] = notice.title();
                bodies[i] = notice.body() == null ? "" : notice.body();
                hrefs[i] = notice.href();
                subjects[i] = notice.subject();
                gathers[i] = notice.gather();
                states[i] = emailState(notice, choice(preferences.get(notice.userId()), notice.kind().category()));
                if ("sent".equals(states[i])) {
                    now.add(notice);
                }
            }
            return tx.preparedQuery(INSERT).execute(Tuple.of(users, kinds, networks, titles, bodies, hrefs, subjects, states, gathers))
                .compose(inserted -> emailNow(tx, stored(now, inserted), preferences).map(v -> {
                    List<Stored> stored = new ArrayList<>(n);
                    inserted.forEach(row -> stored.add(new Stored(row.getLong("id"), row.getUUID("user_id"),
                        Kind.fromWire(row.getString("kind")), row.getString("email_state"))));
                    return stored;
                }));
        });
    }

    /**
     * Those of {@code notices} that were stored: a notice that gathered into an unread one of the same key was not,
     * and sends no email of its own, so a busy watched thread emails a person once until they read it.
     */
    private static List<Notice> stored(List<Notice> notices, io.vertx.sqlclient.RowSet<Row> inserted) {
        Set<String> gathered = new HashSet<>();
        inserted.forEach(row -> {
            if (row.getString("gather") != null) {
                gathered.add(row.getUUID("user_id") + " " + row.getString("gather"));
            }
        });
        List<Notice> kept = new ArrayList<>(notices.size());
        for (Notice notice : notices) {
            if (notice.gather() == null || gathered.remove(notice.userId() + " " + notice.gather())) {
                kept.add(notice);
            }
        }
        return kept;
    }

    /**
     * Queues the emails of notices sent at once, worded by the notice template (except those that always go,
     * which are sent as their feature wrote them). The caller's message gives the address and any calendar invitation; each email whose category can be turned off gets its own one-click
     * unsubscribe token (RFC 8058 headers and a footer link).
     */
    private static Future<Void> emailNow(SqlClient tx, List<Notice> notices, Map<UUID, Row> people) {
        if (notices.isEmpty()) {
            return Future.succeededFuture();
        }
        NoticeEmails wording = emails;
        List<Unsubscribes.Target> targets = notices.stream().map(notice -> new Unsubscribes.Target(notice.userId(),
            notice.kind().category() == Category.ALWAYS ? null : notice.kind().category().column())).toList();
        List<Unsubscribes.Target> revocable = targets.stream().filter(target -> target.category() != null).toList();
        return Unsubscribes.issue(tx, revocable).compose(tokens -> {
            List<Outbox.Message> messages = new ArrayList<>(notices.size());
            List<JsonObject> headers = new ArrayList<>(notices.size());
            List<String> about = new ArrayList<>(notices.size());
            int next = 0;
            for (int i = 0; i < notices.size(); i++) {
                Notice notice = notices.get(i);
                if (notice.kind().category() == Category.ALWAYS) {
                    // an invitation's email carries its secret accept link, which the notice itself never holds
                    // (only its hash is stored): emails that always go are sent as their feature wrote them
                    messages.add(wording.alwaysSent(notice.email()));
                    headers.add(null);
                    about.add(notice.subject());
                    continue;
                }
                String token = targets.get(i).category() == null ? null : tokens.get(next++);
                Row person = people.get(notice.userId());
                EmailTemplates.Rendered rendered = wording.notice(
                    person == null ? "" : person.getString("display_name"), notice, token);
                Outbox.Message given = notice.email();
                messages.add(new Outbox.Message(given.to(), rendered.subject(), rendered.text(), rendered.html(),
                    given.calendar(), given.calendarMethod()));
                headers.add(token == null ? null : wording.unsubscribeHeaders(token));
                about.add(notice.subject());
            }
            return Outbox.enqueueAllAbout(tx, messages, headers, about);
        });
    }

    /** How a person wants a category emailed: their saved choice, or the default. */
    static String choice(Row preferences, Category category) {
        if (category == Category.ALWAYS) {
            return "immediately";
        }
        String saved = preferences == null ? null : preferences.getString(category.column());
        return saved == null ? DEFAULTS.get(category) : saved;
    }

    private static String emailState(Notice notice, String choice) {
        // a notice without an email of its own was told by other means (a calendar invitation), so no digest repeats it
        if ("off".equals(choice) || notice.email() == null) {
            return "none";
        }
        if ("immediately".equals(choice)) {
            return notice.email() == null ? "none" : "sent";
        }
        return "due";
    }

    /**
     * Tells each person's open pages their new unread count ({@code notification.created} on their user
     * address), counted up to {@link #BADGE_CAP}. Call after the transaction that recorded the notices has committed.
     */
    public static Future<Void> announce(Vertx vertx, Pool pool, Collection<Stored> stored) {
        return announceTo(vertx, pool, stored.stream().map(Stored::userId).toList());
    }

    /** {@link #announce}, for features that know whom they notified rather than what was stored. */
    public static Future<Void> announceTo(Vertx vertx, Pool pool, Collection<UUID> users) {
        if (users.isEmpty()) {
            return Future.succeededFuture();
        }
        UUID[] people = new LinkedHashSet<>(users).toArray(UUID[]::new);
        return pool.preparedQuery(BADGE_COUNTS).execute(Tuple.of((Object) people)).map(rows -> {
            rows.forEach(row -> vertx.eventBus().publish(AccountEvents.userAddress(row.getUUID("user_id")),
                new JsonObject().put("type", "notification.created").put("unread", row.getLong("unread"))));
            return null;
        });
    }

    private static final String UNREAD_OF_ONE = "SELECT count(*) AS unread FROM notifications WHERE user_id = $1 AND read_at IS NULL";
    private static final String BADGE_COUNT_OF_ONE = """
        SELECT count(*) AS unread FROM (SELECT 1 FROM notifications WHERE user_id = $1 AND read_at IS NULL LIMIT\s""" + BADGE_CAP + """
        ) unread
        """;

    /** How many of a person's notifications are unread, up to {@link #BADGE_CAP}: what every page's header badge shows. */
    public static Future<Long> badgeCount(SqlClient client, UUID userId) {
        return client.preparedQuery(BADGE_COUNT_OF_ONE).execute(Tuple.of(userId)).map(rows -> rows.iterator().next().getLong("unread"));
    }

    /** How many of a person's notifications are unread, however many (for the notifications page and API). */
    public static Future<Long> unread(SqlClient client, UUID userId) {
        return client.preparedQuery(UNREAD_OF_ONE).execute(Tuple.of(userId)).map(rows -> rows.iterator().next().getLong("unread"));
    }

    /**
     * Tells a person's open pages their unread count after some of their notifications were marked read
     * ({@code notification.read} on their user address), so that every tab clears its badge. Completes with the count.
     */
    public static Future<Long> announceRead(Vertx vertx, Pool pool, UUID userId) {
        return unread(pool, userId).map(unread -> {
            vertx.eventBus().publish(AccountEvents.userAddress(userId),
                new JsonObject().put("type", "notification.read").put("unread", unread));
            return unread;
        });
    }
}
