package uk.nhs.hub.project;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.HubException;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * "Progress on current projects": every proposed, active or paused project in a network and every network below
 * it that the reader may see, with its update for a chosen month (or the latest before it), the hearings decided
 * that month and the next decision expected. One statement over the whole subtree, however many networks and
 * projects it holds, after the usual check that the reader may see the network at all.
 */
final class ProjectProgress {

    /**
     * Walks down from $1 carrying whether the reader ($2) runs a network above each one ($3 for those above $1),
     * and keeps the projects they may see as {@link ProjectService} decides: full members of the project's network,
     * organisers and central teams above it, and the project team.
     */
    static final String REPORT = """
        WITH RECURSIVE tree AS (
            SELECT n.id, $3::boolean AS managed FROM networks n WHERE n.id = $1
            UNION ALL
            SELECT c.id, t.managed OR EXISTS (SELECT 1 FROM memberships m WHERE m.network_id = t.id AND m.user_id = $2
                   AND m.role IN ('organiser', 'central'))
            FROM networks c JOIN tree t ON c.parent_id = t.id
        ), me AS (SELECT u.email FROM users u WHERE u.id = $2 AND (u.email_verified_at IS NOT NULL
                  OR EXISTS (SELECT 1 FROM oidc_identities o WHERE o.user_id = $2)))
        SELECT p.id, p.title, p.status, p.current_stage, n.id AS network_id, n.name AS network_name, n.slug AS network_slug,
               u.period, u.body_html, u.achievements, u.next_steps,
               (SELECT COALESCE(json_agg(json_build_object('body', h.body, 'date', h.heard_on, 'outcome', h.outcome)
                                         ORDER BY h.heard_on, h.created_at), '[]')::text
                FROM project_hearings h WHERE h.project_id = p.id AND h.outcome <> 'pending'
                  AND h.heard_on >= $5 AND h.heard_on < $6) AS hearings,
               d.decision AS expected_decision, d.expected_when
        FROM tree t
        JOIN networks n ON n.id = t.id
        JOIN projects p ON p.network_id = t.id AND p.status <> 'closed'
        LEFT JOIN LATERAL (SELECT x.period, x.body_html, x.achievements, x.next_steps FROM project_updates x
                           WHERE x.project_id = p.id AND x.period <= $4 ORDER BY x.period DESC, x.created_at DESC LIMIT 1) u ON true
        LEFT JOIN LATERAL (SELECT e.decision, e.expected_when FROM project_decisions e
                           WHERE e.project_id = p.id AND e.decided_on IS NULL ORDER BY e.created_at LIMIT 1) d ON true
        WHERE t.managed
           OR EXISTS (SELECT 1 FROM memberships m WHERE m.network_id = t.id AND m.user_id = $2 AND m.role <> 'guest')
           OR EXISTS (SELECT 1 FROM project_team pt WHERE pt.project_id = p.id
                      AND (pt.user_id = $2 OR pt.email = (SELECT email FROM me)))
        ORDER BY t.id <> $1, n.name, p.title
        """;

    private final Pool pool;
    private final NetworkService networks;

    ProjectProgress(Pool pool, NetworkService networks) {
        this.pool = pool;
        this.networks = networks;
    }

    /** The month asked for as {@code 2027-03}, or this month when none was asked for; 400 otherwise. */
    static YearMonth month(String asked) {
        if (asked == null || asked.isBlank()) {
            return YearMonth.now(DateTimeWords.READER);
        }
        try {
            if (!asked.strip().matches("[0-9]{4}-[0-9]{2}")) {
                throw new DateTimeParseException("not a month", asked, 0);
            }
            YearMonth month = YearMonth.parse(asked.strip());
            if (month.getYear() < 2000 || month.getYear() > 2100) {
                throw HubException.invalid("month", "Enter a month between 2000 and 2100");
            }
            return month;
        } catch (DateTimeParseException e) {
            throw HubException.invalid("month", "Enter the month as a year and month, such as 2027-03");
        }
    }

    Future<JsonObject> report(SignedInUser actor, UUID networkId, String asked) {
        YearMonth month;
        try {
            month = month(asked);
        } catch (HubException e) {
            return Future.failedFuture(e);
        }
        return networks.access(networkId, actor.id()).compose(access -> {
            access.requireVisible();
            String period = month.toString();
            LocalDate first = month.atDay(1);
            return pool.preparedQuery(REPORT).execute(Tuple.of(networkId, actor.id(), access.managesAncestor(), period,
                    first, first.plusMonths(1)))
                .map(rows -> {
                    JsonArray projects = new JsonArray();
                    for (Row row : rows) {
                        projects.add(project(row, period));
                    }
                    return new JsonObject().put("networkId", networkId.toString())
                        .put("networkName", access.network().name()).put("networkSlug", access.network().slug())
                        .put("month", period).put("projects", projects);
                });
        });
    }

    private static JsonObject project(Row row, String period) {
        String stage = row.getString("current_stage");
        JsonObject project = new JsonObject().put("id", row.getUUID("id").toString()).put("title", row.getString("title"))
            .put("networkId", row.getUUID("network_id").toString()).put("networkName", row.getString("network_name"))
            .put("networkSlug", row.getString("network_slug")).put("status", row.getString("status"))
            .put("currentStage", stage).put("currentStageTitle", Stages.byKey(stage).title());
        String updated = row.getString("period");
        project.put("update", updated == null ? null : new JsonObject().put("period", updated)
            .put("forMonth", updated.equals(period)).put("bodyHtml", row.getString("body_html"))
            .put("achievements", new JsonArray(List.of(row.getArrayOfStrings("achievements"))))
            .put("nextSteps", new JsonArray(List.of(row.getArrayOfStrings("next_steps")))));
        project.put("hearings", new JsonArray(row.getString("hearings")));
        String expected = row.getString("expected_decision");
        project.put("expectedDecision", expected == null ? null
            : new JsonObject().put("decision", expected).put("expected", row.getString("expected_when")));
        return project;
    }
}
