package uk.nhs.hub.platform.charts;

import java.util.ArrayList;
import java.util.List;

/**
 * A grid of rows by columns (networks by meeting dates), each cell in one of three states. A state has a fill
 * of its own lightness and a symbol drawn in the cell, so the grid reads in greyscale and the legend names them.
 */
public final class GridChart {

    private static final int LABELS = 210;
    private static final int CELL = 26;
    private static final int HEADER = 120;
    private static final int LEGEND = 30;

    /** The three states: the fullest first. */
    public enum Level { FULL, PARTIAL, NONE }

    /** What a state means and the symbol drawn in its cells. */
    public record Key(String label, String symbol) {
    }

    private GridChart() {
    }

    /**
     * @param keys a key for each {@link Level}, in its order
     * @param cells one row per row name, one level per column
     */
    public static Chart render(String id, String title, String description, String rowHeading, List<String> rowNames,
                               List<String> columnNames, List<List<Level>> cells, List<Key> keys) {
        if (keys.size() != Level.values().length || cells.size() != rowNames.size()
                || cells.stream().anyMatch(row -> row.size() != columnNames.size())) {
            throw new IllegalArgumentException("A grid needs three keys and a level for every row and column");
        }
        int width = Math.max(LABELS + CELL * columnNames.size() + 80, 560);
        int top = LEGEND + HEADER;
        int height = top + CELL * rowNames.size() + 10;
        StringBuilder svg = new StringBuilder();
        Svg.open(svg, id, title, description, width, height);
        int x = 8;
        for (Level level : Level.values()) {
            Key key = keys.get(level.ordinal());
            svg.append(cell(x, 6, level, key.symbol(), null, null));
            String label = Svg.fit(key.label(), 28);
            svg.append("<text x=\"").append(x + CELL + 6).append("\" y=\"").append(6 + CELL / 2 + 4).append("\">")
                .append(Svg.escape(label)).append("</text>");
            x += CELL + 6 + label.length() * 7 + 20;
        }
        for (int c = 0; c < columnNames.size(); c++) {
            double cx = LABELS + c * CELL + CELL / 2.0;
            svg.append("<text x=\"").append(Svg.number(cx)).append("\" y=\"").append(top - 6)
                .append("\" transform=\"rotate(-60 ").append(Svg.number(cx)).append(' ').append(top - 6)
                .append(")\" fill=\"").append(Svg.SECONDARY).append("\">").append(Svg.escape(Svg.fit(columnNames.get(c), 18))).append("</text>");
        }
        for (int r = 0; r < rowNames.size(); r++) {
            int y = top + r * CELL;
            svg.append("<text x=\"").append(LABELS - 8).append("\" y=\"").append(y + CELL / 2 + 4).append("\" text-anchor=\"end\">")
                .append(Svg.escape(Svg.fit(rowNames.get(r), 30))).append("</text>");
            // shared cell attributes once per row rather than on each of possibly hundreds of cells
            svg.append("<g stroke-width=\"0.5\" text-anchor=\"middle\" font-weight=\"bold\">");
            for (int c = 0; c < columnNames.size(); c++) {
                Level level = cells.get(r).get(c);
                svg.append(cell(LABELS + c * CELL, y, level, keys.get(level.ordinal()).symbol(), rowNames.get(r),
                    columnNames.get(c) + "|" + keys.get(level.ordinal()).label()));
            }
            svg.append("</g>");
        }
        svg.append("</svg>");

        List<String> headings = new ArrayList<>();
        headings.add(rowHeading);
        headings.addAll(columnNames);
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < rowNames.size(); r++) {
            List<String> row = new ArrayList<>();
            row.add(rowNames.get(r));
            cells.get(r).forEach(level -> row.add(keys.get(level.ordinal()).label()));
            rows.add(row);
        }
        return new Chart(id, title, description, svg.toString(), headings, rows);
    }

    private static String cell(int x, int y, Level level, String symbol, String row, String columnAndLabel) {
        String fill = switch (level) {
            case FULL -> "#005eb8";
            case PARTIAL -> "#aed0ee";
            case NONE -> "#f0f4f5";
        };
        String ink = level == Level.FULL ? "#ffffff" : Svg.TEXT;
        String data = row == null ? "" : " data-category=\"" + Svg.escape(row) + "\" data-series=\""
            + Svg.escape(columnAndLabel.substring(0, columnAndLabel.indexOf('|'))) + "\" data-value=\""
            + Svg.escape(columnAndLabel.substring(columnAndLabel.indexOf('|') + 1)) + "\"";
        boolean inRow = row != null;
        return "<rect x=\"" + (x + 1) + "\" y=\"" + (y + 1) + "\" width=\"" + (CELL - 2) + "\" height=\"" + (CELL - 2) + "\" fill=\""
            + fill + "\" stroke=\"" + Svg.SECONDARY + "\"" + (inRow ? "" : " stroke-width=\"0.5\"") + data + "/>"
            + "<text x=\"" + (x + CELL / 2) + "\" y=\"" + (y + CELL / 2 + 5) + "\" fill=\"" + ink + "\""
            + (inRow ? "" : " text-anchor=\"middle\" font-weight=\"bold\"") + ">" + Svg.escape(symbol) + "</text>";
    }
}
