package uk.nhs.hub.activity;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import uk.nhs.hub.account.Authentication;
import uk.nhs.hub.account.SignedInUser;
import uk.nhs.hub.network.NetworkService;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.HubException;
import uk.nhs.hub.platform.Pages;
import uk.nhs.hub.platform.charts.Chart;
import uk.nhs.hub.platform.charts.LineChart;
import uk.nhs.hub.platform.charts.Series;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The page {@code /networks/:slug/activity}: a network's last twelve months as a line chart with its table. Only
 * people who may see the network's members (its full members and the organisers and central team above) see it;
 * to anyone else it does not exist (404), so the page says nothing about a network's life to outsiders or guests.
 */
public final class ActivityModule {

    private final Pool pool;
    private final Pages pages;
    private final Authentication authentication;
    private final NetworkService networks;
    private final Clock clock;

    public ActivityModule(Pool pool, Pages pages, Authentication authentication, NetworkService networks, Clock clock) {
        this.pool = pool;
        this.pages = pages;
        this.authentication = authentication;
        this.networks = networks;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/networks/:slug/activity").handler(authentication.requireUserPage()).handler(this::page);
    }

    private void page(RoutingContext ctx) {
        SignedInUser user = SignedInUser.required(ctx);
        networks.getBySlug(user, ctx.pathParam("slug")).compose(network -> {
            JsonObject permissions = network.getJsonObject("permissions", new JsonObject());
            if (!permissions.getBoolean("viewMembers", false)) {
                return Future.failedFuture(HubException.notFound("Network not found"));
            }
            UUID id = UUID.fromString(network.getString("id"));
            return pool.preparedQuery(ActivitySql.MONTHLY).execute(Tuple.of(id, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)))
                .compose(rows -> {
                    List<Row> months = new ArrayList<>();
                    rows.forEach(months::add);
                    Map<String, Object> model = new HashMap<>();
                    model.put("network", network.getMap());
                    model.put("chart", chart(network.getString("name"), months).toModel());
                    return pages.render(ctx, 200, "network/activity", model);
                });
        }).onFailure(ctx::fail);
    }

    static Chart chart(String name, List<Row> months) {
        List<String> labels = new ArrayList<>();
        List<String> axis = new ArrayList<>();
        List<Integer> posts = new ArrayList<>();
        List<Integer> attended = new ArrayList<>();
        List<Integer> responses = new ArrayList<>();
        int[] totals = new int[3];
        for (Row row : months) {
            LocalDate first = LocalDate.parse(row.getString("month"));
            String words = DateTimeWords.month(first);
            labels.add(words);
            // the year once at the start and at each January, so the axis stays short
            axis.add(labels.size() == 1 || first.getMonthValue() == 1 ? words : words.substring(0, words.lastIndexOf(' ')));
            posts.add(row.getLong("posts").intValue());
            attended.add(row.getLong("attended").intValue());
            responses.add(row.getLong("responses").intValue());
            totals[0] += posts.get(posts.size() - 1);
            totals[1] += attended.get(attended.size() - 1);
            totals[2] += responses.get(responses.size() - 1);
        }
        String period = labels.get(0) + " to " + labels.get(labels.size() - 1);
        return LineChart.render("chart-activity", name + ": activity by month, " + period,
            "Over the 12 months from " + period + ", " + totals[0] + " posts in its discussions, " + totals[1]
                + " meeting attendances by its people and " + totals[2] + " broadcast responses.",
            "Month", labels, axis, List.of(new Series("Posts", posts), new Series("Meeting attendances", attended),
                new Series("Broadcast responses", responses)), null);
    }
}
