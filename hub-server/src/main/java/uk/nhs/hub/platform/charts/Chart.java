package uk.nhs.hub.platform.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rendered chart: its SVG and the same figures as a table, built from one set of data so the two cannot
 * disagree. Pages show both through the {@code chart} macro of {@code templates/charts.ftlh}.
 *
 * @param id          unique on the page; prefixes every id inside the SVG
 * @param title       the SVG's title and the table's caption
 * @param description the SVG's description: what the chart shows, in words
 * @param svg         the markup, already escaped
 * @param headings    the table's column headings; the first names the row heading column
 * @param rows        the table's rows, the first cell of each being its row heading
 */
public record Chart(String id, String title, String description, String svg, List<String> headings, List<List<String>> rows) {

    public Chart {
        headings = List.copyOf(headings);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /** The chart as plain maps and lists, which FreeMarker reads. */
    public Map<String, Object> toModel() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("id", id);
        model.put("title", title);
        model.put("description", description);
        model.put("svg", svg);
        model.put("headings", headings);
        model.put("rows", new ArrayList<>(rows));
        return model;
    }
}
