package uk.nhs.hub.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.charts.BarChart;
import uk.nhs.hub.platform.charts.GridChart;
import uk.nhs.hub.platform.charts.Series;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The attendance report's charts, drawn from the report itself: a grid of networks by meeting dates showing who
 * came (someone with a role title, a delegate, nobody), and per network how many of the period's dates went
 * each way, so the networks that never come stand out.
 */
final class AttendanceCharts {

    static final List<GridChart.Key> KEYS = List.of(new GridChart.Key("Attended by role title", "\u2713"),
        new GridChart.Key("Sent a delegate", "D"), new GridChart.Key("Absent", "\u2013"));

    private AttendanceCharts() {
    }

    /** {@code grid} and {@code perNetwork} as template models; none when no meeting took place. */
    static Map<String, Object> of(JsonObject report, String period) {
        JsonArray occurrences = report.getJsonArray("occurrences");
        if (occurrences.isEmpty()) {
            return Map.of();
        }
        List<String> dates = new ArrayList<>();
        occurrences.forEach(o -> dates.add(DateTimeWords.date(OffsetDateTime.parse(((JsonObject) o).getString("start"))
            .atZoneSameInstant(DateTimeWords.READER).toLocalDate())));
        List<String> names = new ArrayList<>();
        List<List<GridChart.Level>> cells = new ArrayList<>();
        List<Integer> byTitle = new ArrayList<>();
        List<Integer> delegated = new ArrayList<>();
        List<Integer> absent = new ArrayList<>();
        for (Object n : report.getJsonArray("networks")) {
            JsonObject network = (JsonObject) n;
            names.add(network.getString("name"));
            List<GridChart.Level> row = new ArrayList<>();
            int[] tally = new int[3];
            for (Object p : network.getJsonArray("presence")) {
                GridChart.Level level = switch ((String) p) {
                    case "role-title" -> GridChart.Level.FULL;
                    case "delegate" -> GridChart.Level.PARTIAL;
                    default -> GridChart.Level.NONE;
                };
                row.add(level);
                tally[level.ordinal()]++;
            }
            cells.add(row);
            byTitle.add(tally[0]);
            delegated.add(tally[1]);
            absent.add(tally[2]);
        }
        String network = report.getString("network");
        var grid = GridChart.render("chart-attendance-grid", "Who came to each meeting date, " + period,
            "A row for " + network + " and each network inside it, a column for each of the " + dates.size()
                + " meeting dates from " + dates.get(0) + " to " + dates.get(dates.size() - 1)
                + ". A tick is someone holding a role title there attending, D a delegate sent or someone without a role title, a dash nobody.",
            "Network", names, dates, cells, KEYS);
        var perNetwork = BarChart.stacked("chart-attendance-per-network", "Meeting dates each network came to, " + period,
            "For " + network + " and each network inside it, how many of the " + dates.size()
                + " meeting dates it attended by role title, sent a delegate to, or missed.",
            "Network", names, List.of(new Series(KEYS.get(0).label(), byTitle), new Series(KEYS.get(1).label(), delegated),
                new Series(KEYS.get(2).label(), absent)));
        return Map.of("grid", grid.toModel(), "perNetwork", perNetwork.toModel());
    }
}
