package uk.nhs.hub.platform.charts;

import java.util.ArrayList;
import java.util.List;

/**
 * Horizontal bars, one band per category: side by side for each series (grouped) or end to end (stacked).
 * Bars run across so long names (networks, answer options) stay readable and a long list only makes the chart
 * taller. Every bar carries its figure as a direct label; a stacked bar carries its total.
 */
public final class BarChart {

    private static final int WIDTH = 640;
    private static final int LABELS = 210;
    private static final int RIGHT = 56;
    private static final int BAR = 18;
    private static final int GAP = 12;
    private static final int LEGEND = 36;
    private static final int AXIS = 30;

    private BarChart() {
    }

    /** Bars side by side within each category. */
    public static Chart grouped(String id, String title, String description, String categoryHeading,
                                List<String> categories, List<Series> series) {
        return render(id, title, description, categoryHeading, categories, series, false);
    }

    /** Bars end to end within each category, with its total; the table gains a total column. */
    public static Chart stacked(String id, String title, String description, String categoryHeading,
                                List<String> categories, List<Series> series) {
        return render(id, title, description, categoryHeading, categories, series, true);
    }

    private static Chart render(String id, String title, String description, String categoryHeading,
                                List<String> categories, List<Series> series, boolean stacked) {
        Svg.requireSameLength(categories, series);
        int band = (stacked ? BAR : BAR * series.size()) + GAP;
        int plotTop = LEGEND;
        int height = plotTop + band * Math.max(1, categories.size()) + AXIS;
        int plotWidth = WIDTH - LABELS - RIGHT;
        int axisMax = Svg.axisMax(Svg.max(series, stacked));
        double scale = (double) plotWidth / axisMax;

        StringBuilder svg = new StringBuilder();
        Svg.open(svg, id, title, description, WIDTH, height);
        Svg.defs(svg, id);
        legend(svg, id, series);
        int plotBottom = plotTop + band * Math.max(1, categories.size());
        int step = Svg.step(axisMax);
        for (int tick = 0; tick <= axisMax; tick += step) {
            double x = LABELS + tick * scale;
            svg.append("<line x1=\"").append(Svg.number(x)).append("\" y1=\"").append(plotTop).append("\" x2=\"")
                .append(Svg.number(x)).append("\" y2=\"").append(plotBottom).append("\" stroke=\"").append(Svg.RULE).append("\"/>")
                .append("<text x=\"").append(Svg.number(x)).append("\" y=\"").append(plotBottom + 18)
                .append("\" text-anchor=\"middle\" fill=\"").append(Svg.SECONDARY).append("\">").append(tick).append("</text>");
        }
        for (int c = 0; c < categories.size(); c++) {
            int top = plotTop + c * band + GAP / 2;
            svg.append("<text x=\"").append(LABELS - 8).append("\" y=\"").append(top + (band - GAP) / 2 + 4)
                .append("\" text-anchor=\"end\">").append(Svg.escape(Svg.fit(categories.get(c), 30))).append("</text>");
            double x = LABELS;
            for (int s = 0; s < series.size(); s++) {
                int value = series.get(s).values().get(c);
                double width = value * scale;
                int y = stacked ? top : top + s * BAR;
                svg.append("<rect x=\"").append(Svg.number(x)).append("\" y=\"").append(y).append("\" width=\"")
                    .append(Svg.number(width)).append("\" height=\"").append(BAR - 2).append("\" fill=\"").append(Svg.fill(id, s))
                    .append("\" data-category=\"").append(Svg.escape(categories.get(c))).append("\" data-series=\"")
                    .append(Svg.escape(series.get(s).name())).append("\" data-value=\"").append(value).append("\"/>");
                if (stacked) {
                    x += width;
                } else {
                    valueLabel(svg, LABELS + width + 4, y + BAR - 5, value);
                }
            }
            if (stacked) {
                int category = c;
                int total = series.stream().mapToInt(s -> s.values().get(category)).sum();
                valueLabel(svg, x + 4, top + BAR - 5, total);
            }
        }
        svg.append("<line x1=\"").append(LABELS).append("\" y1=\"").append(plotTop).append("\" x2=\"").append(LABELS)
            .append("\" y2=\"").append(plotBottom).append("\" stroke=\"").append(Svg.TEXT).append("\"/>");
        svg.append("</svg>");

        List<String> headings = new ArrayList<>();
        headings.add(categoryHeading);
        series.forEach(s -> headings.add(s.name()));
        if (stacked && series.size() > 1) {
            headings.add("Total");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int c = 0; c < categories.size(); c++) {
            List<String> row = new ArrayList<>();
            row.add(categories.get(c));
            int total = 0;
            for (Series s : series) {
                row.add(String.valueOf(s.values().get(c)));
                total += s.values().get(c);
            }
            if (stacked && series.size() > 1) {
                row.add(String.valueOf(total));
            }
            rows.add(row);
        }
        return new Chart(id, title, description, svg.toString(), headings, rows);
    }

    private static void valueLabel(StringBuilder svg, double x, int y, int value) {
        svg.append("<text x=\"").append(Svg.number(x)).append("\" y=\"").append(y).append("\" class=\"hub-chart__value\">")
            .append(value).append("</text>");
    }

    /** A swatch and name per series across the top; one series needs no legend but its name says what is counted. */
    static void legend(StringBuilder svg, String id, List<Series> series) {
        int x = LABELS;
        for (int s = 0; s < series.size(); s++) {
            String name = Svg.fit(series.get(s).name(), 28);
            svg.append("<rect x=\"").append(x).append("\" y=\"10\" width=\"14\" height=\"14\" fill=\"").append(Svg.fill(id, s))
                .append("\" stroke=\"").append(Svg.TEXT).append("\" stroke-width=\"0.5\"/>")
                .append("<text x=\"").append(x + 20).append("\" y=\"22\">").append(Svg.escape(name)).append("</text>");
            x += 20 + name.length() * 7 + 18;
        }
    }
}
