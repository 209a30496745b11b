package uk.nhs.hub.platform.charts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lines over time: categories are moments in order (days, months) spaced evenly across. Series differ by colour,
 * dash and marker shape, and each line ends in a direct label with its name and last figure. An optional marker
 * draws a labelled vertical rule, such as a deadline, at a position between categories.
 */
public final class LineChart {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 300;
    private static final int LEFT = 48;
    private static final int RIGHT = 150;
    private static final int TOP = 40;
    private static final int BOTTOM = 44;
    private static final int MOST_LABELS = 8;
    private static final int MOST_MARKERS = 40;

    private LineChart() {
    }

    /**
     * A vertical rule at {@code position}, counted in categories from the first (1.5 is halfway between the
     * second and third), with its label; the table has no row for it, so the description must say where it is.
     */
    public record Marker(double position, String label) {
    }

    public static Chart render(String id, String title, String description, String categoryHeading,
                               List<String> categories, List<Series> series, Marker marker) {
        return render(id, title, description, categoryHeading, categories, categories, series, marker);
    }

    /**
     * As {@link #render(String, String, String, String, List, List, Marker)}, with shorter words for the axis
     * ("3 April") than the table's ("3 April 2026").
     */
    public static Chart render(String id, String title, String description, String categoryHeading,
                               List<String> categories, List<String> axisLabels, List<Series> series, Marker marker) {
        Svg.requireSameLength(categories, series);
        if (axisLabels.size() != categories.size()) {
            throw new IllegalArgumentException("An axis label for every moment");
        }
        if (categories.isEmpty()) {
            throw new IllegalArgumentException("A line needs at least one moment");
        }
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        int axisMax = Svg.axisMax(Svg.max(series, false));
        double across = categories.size() == 1 ? 0 : (double) plotWidth / (categories.size() - 1);
        StringBuilder svg = new StringBuilder();
        Svg.open(svg, id, title, description, WIDTH, HEIGHT);
        int step = Svg.step(axisMax);
        for (int tick = 0; tick <= axisMax; tick += step) {
            double y = TOP + plotHeight - (double) tick * plotHeight / axisMax;
            svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(Svg.number(y)).append("\" x2=\"").append(LEFT + plotWidth)
                .append("\" y2=\"").append(Svg.number(y)).append("\" stroke=\"").append(Svg.RULE).append("\"/>")
                .append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(Svg.number(y + 4))
                .append("\" text-anchor=\"end\" fill=\"").append(Svg.SECONDARY).append("\">").append(tick).append("</text>");
        }
        int every = (categories.size() + MOST_LABELS - 1) / MOST_LABELS;
        for (int c = 0; c < categories.size(); c++) {
            if (c % every == 0 || c == categories.size() - 1) {
                if (c != categories.size() - 1 && c + every > categories.size() - 1 && c != 0) {
                    continue;
                }
                svg.append("<text x=\"").append(Svg.number(x(c, across, categories.size(), plotWidth))).append("\" y=\"")
                    .append(TOP + plotHeight + 18).append("\" text-anchor=\"middle\" fill=\"").append(Svg.SECONDARY).append("\">")
                    .append(Svg.escape(Svg.fit(axisLabels.get(c), 16))).append("</text>");
            }
        }
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + plotHeight).append("\" x2=\"").append(LEFT + plotWidth)
            .append("\" y2=\"").append(TOP + plotHeight).append("\" stroke=\"").append(Svg.TEXT).append("\"/>");
        if (marker != null) {
            double x = LEFT + Math.max(0, Math.min(categories.size() - 1, marker.position())) * across;
            svg.append("<line x1=\"").append(Svg.number(x)).append("\" y1=\"").append(TOP - 6).append("\" x2=\"").append(Svg.number(x))
                .append("\" y2=\"").append(TOP + plotHeight).append("\" stroke=\"#d5281b\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>")
                .append("<text x=\"").append(Svg.number(x + 4)).append("\" y=\"").append(TOP - 10).append("\" class=\"hub-chart__marker\">")
                .append(Svg.escape(marker.label())).append("</text>");
        }
        List<double[]> ends = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            List<Integer> values = series.get(s).values();
            StringBuilder points = new StringBuilder();
            for (int c = 0; c < values.size(); c++) {
                points.append(c == 0 ? "" : " ").append(Svg.number(x(c, across, values.size(), plotWidth))).append(',')
                    .append(Svg.number(y(values.get(c), axisMax, plotHeight)));
            }
            String colour = Svg.LINE_COLOURS[s % Svg.LINE_COLOURS.length];
            String dash = Svg.LINE_DASHES[s % Svg.LINE_DASHES.length];
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2.5\"")
                .append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"").append(" points=\"").append(points).append("\"/>");
            for (int c = 0; c < values.size(); c++) {
                boolean shown = values.size() <= MOST_MARKERS || c == values.size() - 1;
                svg.append(point(s, x(c, across, values.size(), plotWidth), y(values.get(c), axisMax, plotHeight), colour, shown,
                    categories.get(c), series.get(s).name(), values.get(c)));
            }
            ends.add(new double[]{y(values.get(values.size() - 1), axisMax, plotHeight), s});
        }
        // direct labels at the line ends, pushed apart so two lines ending together stay legible
        ends.sort(Comparator.comparingDouble(e -> e[0]));
        double previous = -100;
        for (double[] end : ends) {
            double y = Math.max(end[0] + 4, previous + 15);
            previous = y;
            Series s = series.get((int) end[1]);
            svg.append("<text x=\"").append(LEFT + plotWidth + 10).append("\" y=\"").append(Svg.number(y)).append("\" fill=\"")
                .append(Svg.LINE_COLOURS[(int) end[1] % Svg.LINE_COLOURS.length]).append("\" font-weight=\"bold\">")
                .append(Svg.escape(Svg.fit(s.name(), 16))).append(": ").append(s.values().get(s.values().size() - 1)).append("</text>");
        }
        svg.append("</svg>");

        List<String> headings = new ArrayList<>();
        headings.add(categoryHeading);
        series.forEach(s -> headings.add(s.name()));
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            List<String> row = new ArrayList<>();
            row.add(categories.get(c));
            for (Series s : series) {
                row.add(String.valueOf(s.values().get(c)));
            }
            rows.add(row);
        }
        return new Chart(id, title, description, svg.toString(), headings, rows);
    }

    private static double x(int c, double across, int count, int plotWidth) {
        return count == 1 ? LEFT + plotWidth / 2.0 : LEFT + c * across;
    }

    private static double y(int value, int axisMax, int plotHeight) {
        return TOP + plotHeight - (double) value * plotHeight / axisMax;
    }

    /** A point's marker: circle, square or triangle by series; hidden markers still carry the figure for checks. */
    private static String point(int series, double x, double y, String colour, boolean shown, String category, String name, int value) {
        String data = " data-category=\"" + Svg.escape(category) + "\" data-series=\"" + Svg.escape(name) + "\" data-value=\"" + value + "\"";
        String paint = shown ? " fill=\"" + colour + "\"" : " fill=\"none\"";
        String cx = Svg.number(x);
        String cy = Svg.number(y);
        return switch (series % 3) {
            case 0 -> "<circle cx=\"" + cx + "\" cy=\"" + cy + "\" r=\"3.5\"" + paint + data + "/>";
            case 1 -> "<rect x=\"" + Svg.number(x - 3.5) + "\" y=\"" + Svg.number(y - 3.5) + "\" width=\"7\" height=\"7\"" + paint + data + "/>";
            default -> "<path d=\"M" + cx + " " + Svg.number(y - 4.5) + "L" + Svg.number(x + 4.5) + " " + Svg.number(y + 3.5) + "L"
                + Svg.number(x - 4.5) + " " + Svg.number(y + 3.5) + "Z\"" + paint + data + "/>";
        };
    }
}
