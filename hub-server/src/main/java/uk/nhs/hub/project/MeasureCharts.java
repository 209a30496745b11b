package uk.nhs.hub.project;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import uk.nhs.hub.platform.DateTimeWords;
import uk.nhs.hub.platform.charts.LineChart;
import uk.nhs.hub.platform.charts.Series;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A measure as the project page shows it: its readings drawn over time with the baseline and the target as level
 * lines, the same figures in a table, and every number and date in words. The hub's charts count whole things, so
 * the drawing rounds to whole numbers and says so; the readings table beside it keeps the exact figures.
 */
final class MeasureCharts {

    private MeasureCharts() {
    }

    static List<Map<String, Object>> model(JsonArray measures) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : measures) {
            out.add(model((JsonObject) o));
        }
        return out;
    }

    private static Map<String, Object> model(JsonObject measure) {
        Map<String, Object> model = new HashMap<>(measure.getMap());
        Double baseline = measure.getDouble("baseline");
        Double target = measure.getDouble("target");
        String unit = measure.getString("unit");
        model.put("baselineWords", baseline == null ? "" : words(baseline) + " " + unit);
        model.put("targetWords", target == null ? "" : words(target) + " " + unit);
        model.put("directionWords", "up".equals(measure.getString("direction")) ? "Higher is better" : "Lower is better");
        List<Map<String, Object>> readings = new ArrayList<>();
        List<String> dates = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        boolean rounded = false;
        for (Object o : measure.getJsonArray("readings")) {
            JsonObject reading = (JsonObject) o;
            String date = DateTimeWords.date(LocalDate.parse(reading.getString("date")));
            double value = reading.getDouble("value");
            rounded |= value != Math.rint(value);
            Map<String, Object> row = new HashMap<>(reading.getMap());
            row.put("dateWords", date);
            row.put("valueWords", words(value));
            readings.add(row);
            dates.add(date);
            values.add((int) Math.round(value));
        }
        model.put("readings", readings);
        if (!values.isEmpty()) {
            String name = measure.getString("name");
            List<Series> series = new ArrayList<>(List.of(new Series("Reading", values)));
            if (baseline != null) {
                series.add(new Series("Baseline", java.util.Collections.nCopies(values.size(), (int) Math.round(baseline))));
            }
            if (target != null) {
                series.add(new Series("Target", java.util.Collections.nCopies(values.size(), (int) Math.round(target))));
            }
            int last = readings.size() - 1;
            String description = name + ", in " + unit + ", from " + dates.get(0) + " to " + dates.get(last) + ". "
                + "The latest reading is " + readings.get(last).get("valueWords") + " on " + dates.get(last) + "."
                + (baseline == null ? "" : " The baseline is " + words(baseline) + ".")
                + (target == null ? "" : " The target is " + words(target) + ".")
                + " " + model.get("directionWords") + "." + (rounded ? " The chart rounds to whole numbers." : "");
            model.put("chart", LineChart.render("measure-" + measure.getString("id"), name + " (" + unit + ")", description,
                "Date", dates, series, null).toModel());
        }
        return model;
    }

    /** 42 rather than 42.0, 3.5 rather than 3.50. */
    static String words(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
