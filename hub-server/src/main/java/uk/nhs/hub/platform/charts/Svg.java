package uk.nhs.hub.platform.charts;

import java.util.List;

/** Writing SVG markup: escaping, the opening with its accessible name, the palette and patterns, axis steps. */
final class Svg {

    /** NHS.UK text colour, and the grey of secondary text and rules. */
    static final String TEXT = "#212b32";
    static final String SECONDARY = "#4c6272";
    static final String RULE = "#d8dde0";

    /**
     * Series colours from the NHS.UK palette, each paired (in {@link #defs}) with a pattern, so neighbouring
     * series differ in greyscale too: solid blue, yellow with dark diagonals, aqua green with white dots, pale
     * grey with dark crosses.
     */
    private static final String[] FILLS = {"#005eb8", "#ffb81c", "#00a499", "#aeb7bd"};
    /** Line colours and dashes: blue solid, green long dashes, purple short dashes. */
    static final String[] LINE_COLOURS = {"#005eb8", "#007f3b", "#330072", "#d5281b"};
    static final String[] LINE_DASHES = {"", "8 4", "2 3", "12 3 2 3"};

    static final String FONT = "font-family=\"Frutiger W01, Arial, sans-serif\"";

    private Svg() {
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The opening tag, title and description; the chart is one image to assistive technology. */
    static void open(StringBuilder svg, String id, String title, String description, int width, int height) {
        if (!id.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("A chart id is lowercase letters, digits and hyphens: " + id);
        }
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hub-chart__svg\" id=\"").append(id).append("-svg\"")
            .append(" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
            .append("\" height=\"").append(height).append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title ")
            .append(id).append("-desc\" ").append(FONT).append(" font-size=\"13\" fill=\"").append(TEXT).append("\">")
            .append("<title id=\"").append(id).append("-title\">").append(escape(title)).append("</title>")
            .append("<desc id=\"").append(id).append("-desc\">").append(escape(description)).append("</desc>");
    }

    static String fill(String id, int series) {
        return series % FILLS.length == 0 ? FILLS[0] : "url(#" + id + "-p" + (series % FILLS.length) + ")";
    }

    /** The patterns for series after the first, ids prefixed with the chart's so charts on one page differ. */
    static void defs(StringBuilder svg, String id) {
        svg.append("<defs>")
            .append("<pattern id=\"").append(id).append("-p1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
            .append("<rect width=\"6\" height=\"6\" fill=\"").append(FILLS[1]).append("\"/>")
            .append("<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"").append(TEXT).append("\" stroke-width=\"2\"/></pattern>")
            .append("<pattern id=\"").append(id).append("-p2\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">")
            .append("<rect width=\"6\" height=\"6\" fill=\"").append(FILLS[2]).append("\"/>")
            .append("<circle cx=\"3\" cy=\"3\" r=\"1.4\" fill=\"#ffffff\"/></pattern>")
            .append("<pattern id=\"").append(id).append("-p3\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\">")
            .append("<rect width=\"8\" height=\"8\" fill=\"").append(FILLS[3]).append("\"/>")
            .append("<path d=\"M0 0L8 8M8 0L0 8\" stroke=\"").append(TEXT).append("\" stroke-width=\"1\"/></pattern>")
            .append("</defs>");
    }

    /** A step for axis ticks (1, 2 or 5 times a power of ten) giving at most five steps up to {@code max}. */
    static int step(int max) {
        int step = 1;
        while (true) {
            for (int m : new int[]{1, 2, 5}) {
                if ((long) step * m * 5 >= max) {
                    return step * m;
                }
            }
            step *= 10;
        }
    }

    /** The axis end: {@code max} rounded up to a whole step, and at least one step. */
    static int axisMax(int max) {
        int step = step(max);
        return Math.max(step, (max + step - 1) / step * step);
    }

    /** A coordinate to a tenth of a pixel; String.format is too slow for thousands of them. */
    static String number(double value) {
        long tenths = Math.round(value * 10);
        long whole = tenths / 10;
        long tenth = Math.abs(tenths % 10);
        String sign = tenths < 0 && whole == 0 ? "-" : "";
        return tenth == 0 ? String.valueOf(whole) : sign + whole + "." + tenth;
    }

    /** A label cut to fit a column; the table beside the chart holds it whole. */
    static String fit(String label, int characters) {
        return label.length() <= characters ? label : label.substring(0, characters - 1).strip() + "\u2026";
    }

    static int max(List<Series> series, boolean stacked) {
        int max = 0;
        int length = series.isEmpty() ? 0 : series.get(0).values().size();
        for (int i = 0; i < length; i++) {
            int sum = 0;
            for (Series s : series) {
                sum = stacked ? sum + s.values().get(i) : Math.max(sum, s.values().get(i));
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    static void requireSameLength(List<String> categories, List<Series> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("A chart needs at least one series");
        }
        for (Series s : series) {
            if (s.values().size() != categories.size()) {
                throw new IllegalArgumentException("Series " + s.name() + " has " + s.values().size() + " values for "
                    + categories.size() + " categories");
            }
        }
    }
}
