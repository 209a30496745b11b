package uk.nhs.hub.platform.charts;

import java.util.List;

/**
 * One named row of figures in a chart, a value for each category in order.
 *
 * @param name   what the figures count, as the legend and the table's column heading say it
 * @param values one whole, non-negative count for each category
 */
public record Series(String name, List<Integer> values) {

    public Series {
        values = List.copyOf(values);
        if (values.stream().anyMatch(v -> v < 0)) {
            throw new IllegalArgumentException("A chart counts things: no negative values");
        }
    }
}
