package uk.nhs.hub.broadcast;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.charts.BarChart;
import uk.nhs.hub.platform.charts.Chart;
import uk.nhs.hub.platform.charts.LineChart;
import uk.nhs.hub.platform.charts.Series;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's charts, drawn from the summary the page already holds (no queries of their own): networks
 * acknowledged and responded over time against the deadline, rates per level of the tree, and each question's
 * distribution. Suppressed questions and free text get no chart.
 */
final class DashboardCharts {

    private DashboardCharts() {
    }

    /** The charts as template models: {@code overTime}, {@code levels} and {@code questions} by question id. */
    static Map<String, Object> of(JsonObject summary) {
        Map<String, Object> charts = new HashMap<>();
        boolean feedback = summary.getString("mode") != null;
        JsonArray timeline = summary.getJsonArray("timeline");
        if (timeline != null && !timeline.isEmpty()) {
            charts.put("overTime", overTime(summary, timeline, feedback).toModel());
        }
        charts.put("levels", levels(summary, feedback).toModel());
        Map<String, Object> questions = new HashMap<>();
        JsonArray all = summary.getJsonArray("questions");
        for (int i = 0; i < all.size(); i++) {
            JsonObject q = all.getJsonObject(i);
            Chart chart = question(q, i + 1);
            if (chart != null) {
                questions.put(q.getString("id"), chart.toModel());
            }
        }
        charts.put("questions", questions);
        return charts;
    }

    private static Chart overTime(JsonObject summary, JsonArray timeline, boolean feedback) {
        List<String> days = new ArrayList<>();
        List<String> axis = new ArrayList<>();
        List<Integer> acknowledged = new ArrayList<>();
        List<Integer> responded = new ArrayList<>();
        for (Object o : timeline) {
            JsonObject day = (JsonObject) o;
            LocalDate date = LocalDate.parse(day.getString("date"));
            days.add(DateTimeWords.date(date));
            axis.add(DateTimeWords.dayAndMonth(date));
            acknowledged.add(day.getInteger("acknowledged"));
            responded.add(day.getInteger("responded", 0));
        }
        List<Series> series = new ArrayList<>(List.of(new Series("Acknowledged", acknowledged)));
        if (feedback) {
            series.add(new Series("Responded", responded));
        }
        LineChart.Marker marker = null;
        String deadlineWords = "There is no deadline.";
        String deadline = summary.getString("deadline");
        if (deadline != null) {
            ZonedDateTime due = Instant.parse(deadline).atZone(DateTimeWords.READER);
            LocalDate first = LocalDate.parse(timeline.getJsonObject(0).getString("date"));
            double position = java.time.temporal.ChronoUnit.DAYS.between(first, due.toLocalDate())
                + due.toLocalTime().toSecondOfDay() / 86400.0;
            deadlineWords = "The deadline is " + DateTimeWords.timestamp(deadline) + ".";
            if (position >= 0 && position <= timeline.size() - 1) {
                marker = new LineChart.Marker(position, "Deadline");
                deadlineWords += " A dashed red rule marks it.";
            }
        }
        JsonObject last = timeline.getJsonObject(timeline.size() - 1);
        String title = feedback ? "Networks that had acknowledged and responded, by day" : "Networks that had acknowledged, by day";
        String description = "Of " + summary.getInteger("targets") + " networks, " + last.getInteger("acknowledged")
            + " had acknowledged" + (feedback ? " and " + last.getInteger("responded") + " had responded" : "") + " by "
            + DateTimeWords.date(LocalDate.parse(last.getString("date"))) + ", counted from " + days.get(0) + ". " + deadlineWords;
        return LineChart.render("chart-over-time", title, description, "Day", days, axis, series, marker);
    }

    private static Chart levels(JsonObject summary, boolean feedback) {
        List<String> names = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        List<Integer> acknowledged = new ArrayList<>();
        List<Integer> responded = new ArrayList<>();
        for (Object o : summary.getJsonArray("levels")) {
            JsonObject level = (JsonObject) o;
            int depth = level.getInteger("depth");
            names.add(depth == 0 ? "The sending network" : depth + " below");
            targets.add(level.getInteger("targets"));
            acknowledged.add(level.getInteger("acknowledged"));
            responded.add(level.getInteger("responded"));
        }
        List<Series> series = new ArrayList<>(List.of(new Series("Networks", targets), new Series("Acknowledged", acknowledged)));
        if (feedback) {
            series.add(new Series("Responded", responded));
        }
        return BarChart.grouped("chart-levels", "Networks at each level of the tree",
            "For each level below the sending network, how many networks the broadcast went to and how many have acknowledged"
                + (feedback ? " and responded." : "."), "Level", names, series);
    }

    private static Chart question(JsonObject q, int number) {
        if (q.getBoolean("suppressed")) {
            return null;
        }
        List<String> options = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        switch (q.getString("type")) {
            case "single", "multiple" -> q.getJsonObject("counts").forEach(e -> {
                options.add(e.getKey());
                counts.add(((Number) e.getValue()).intValue());
            });
            case "rating" -> q.getJsonObject("distribution").forEach(e -> {
                options.add("Rated " + e.getKey());
                counts.add(((Number) e.getValue()).intValue());
            });
            case "text" -> {
                return null;
            }
            default -> {
                options.addAll(List.of("Yes, a local risk", "No"));
                counts.addAll(List.of(q.getInteger("yes"), q.getInteger("no")));
            }
        }
        return BarChart.grouped("chart-question-" + number, "Answers to: " + q.getString("label"),
            "How many responses gave each answer to question " + number + ", from " + q.getInteger("answered") + " answers.",
            "Answer", options, List.of(new Series("Answers", counts)));
    }
}
