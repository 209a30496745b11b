package uk.nhs.hub.platform.charts;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The figures the SVG carries, as "category / series = value", in drawing order. */
    private static List<String> drawn(Document svg) {
        List<String> figures = new ArrayList<>();
        NodeList all = svg.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("data-value")) {
                figures.add(e.getAttribute("data-category") + " / " + e.getAttribute("data-series") + " = " + e.getAttribute("data-value"));
            }
        }
        return figures;
    }

    /** The same, read from the chart's table rows. */
    private static List<String> tabled(Chart chart, boolean byRow) {
        List<String> figures = new ArrayList<>();
        for (List<String> row : chart.rows()) {
            for (int c = 1; c < row.size(); c++) {
                if (chart.headings().get(c).equals("Total")) {
                    continue;
                }
                figures.add(row.get(0) + " / " + chart.headings().get(c) + " = " + row.get(c));
            }
        }
        if (!byRow) {
            figures.sort(null);
        }
        return figures;
    }

    private static void assertAccessible(Chart chart) throws Exception {
        Document doc = parse(chart.svg());
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("img", root.getAttribute("role"));
        String[] labelledBy = root.getAttribute("aria-labelledby").split(" ");
        assertEquals(2, labelledBy.length);
        Set<String> ids = new HashSet<>();
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("id")) {
                assertTrue(ids.add(e.getAttribute("id")), "ids are unique: " + e.getAttribute("id"));
                assertTrue(e.getAttribute("id").startsWith(chart.id() + "-"), "ids carry the chart's prefix");
            }
            assertFalse(e.getLocalName().equals("script") || e.getLocalName().equals("foreignObject"));
            assertFalse(e.hasAttribute("style"), "no inline styles: the content security policy forbids them");
        }
        Element title = (Element) root.getElementsByTagName("title").item(0);
        Element desc = (Element) root.getElementsByTagName("desc").item(0);
        assertEquals(labelledBy[0], title.getAttribute("id"));
        assertEquals(labelledBy[1], desc.getAttribute("id"));
        assertEquals(chart.title(), title.getTextContent());
        assertEquals(chart.description(), desc.getTextContent());
    }

    @Test
    void groupedBarsAreWellFormedNamedImagesWhoseBarsEqualTheTable() throws Exception {
        Chart chart = BarChart.grouped("chart-levels", "Networks by level", "Acknowledged & responded, <by level>", "Level",
            List.of("The sending network", "1 below", "2 below"),
            List.of(new Series("Acknowledged", List.of(1, 12, 30)), new Series("Responded", List.of(0, 7, 21))));
        assertAccessible(chart);
        assertEquals(tabled(chart, false), drawn(parse(chart.svg())).stream().sorted().toList());
        assertEquals(List.of("Level", "Acknowledged", "Responded"), chart.headings());
        assertEquals(List.of("1 below", "12", "7"), chart.rows().get(1));
        assertTrue(chart.svg().contains("&lt;by level&gt;"), "text is escaped");
        assertTrue(chart.svg().contains(">30</text>"), "each bar carries its figure as a label");
    }

    @Test
    void secondSeriesIsPatternedSoItReadsInGreyscale() throws Exception {
        Chart chart = BarChart.stacked("chart-stack", "Dates", "Per network", "Network", List.of("North"),
            List.of(new Series("By role title", List.of(3)), new Series("Delegate", List.of(2)), new Series("Absent", List.of(1))));
        Document doc = parse(chart.svg());
        NodeList patterns = doc.getElementsByTagName("pattern");
        assertEquals(3, patterns.getLength());
        assertTrue(chart.svg().contains("fill=\"url(#chart-stack-p1)\""));
        assertTrue(chart.svg().contains("fill=\"url(#chart-stack-p2)\""));
        assertTrue(chart.svg().contains(">6</text>"), "a stacked bar carries its total");
        assertEquals(List.of("North", "3", "2", "1", "6"), chart.rows().get(0));
        assertEquals("Total", chart.headings().get(4));
    }

    @Test
    void linesCarryEveryPointAndTheDeadlineRule() throws Exception {
        List<String> days = List.of("1 Apr", "2 Apr", "3 Apr", "4 Apr");
        Chart chart = LineChart.render("chart-over-time", "Over time", "Up to the deadline on 3 April", "Day", days,
            List.of(new Series("Acknowledged", List.of(0, 4, 9, 10)), new Series("Responded", List.of(0, 1, 5, 8))),
            new LineChart.Marker(2.5, "Deadline"));
        assertAccessible(chart);
        Document doc = parse(chart.svg());
        assertEquals(tabled(chart, false), drawn(doc).stream().sorted().toList());
        assertEquals(2, doc.getElementsByTagName("polyline").getLength());
        assertTrue(chart.svg().contains("stroke-dasharray=\"8 4\""), "the second line is dashed");
        assertTrue(chart.svg().contains(">Deadline</text>"));
        assertTrue(chart.svg().contains(">Acknowledged: 10</text>"), "each line ends in a direct label");
    }

    @Test
    void gridCellsCarryTheirStateAsSymbolAndTableWords() throws Exception {
        List<GridChart.Key> keys = List.of(new GridChart.Key("Attended by role title", "\u2713"),
            new GridChart.Key("Sent a delegate", "D"), new GridChart.Key("Absent", "\u2013"));
        Chart chart = GridChart.render("chart-grid", "Who came", "Networks by meeting date", "Network", List.of("North & East", "South"),
            List.of("2 Apr 2026", "7 May 2026"), List.of(List.of(GridChart.Level.FULL, GridChart.Level.NONE),
                List.of(GridChart.Level.PARTIAL, GridChart.Level.FULL)), keys);
        assertAccessible(chart);
        assertEquals(tabled(chart, false), drawn(parse(chart.svg())).stream().sorted().toList());
        assertEquals(List.of("North & East", "Attended by role title", "Absent"), chart.rows().get(0));
        assertTrue(chart.svg().contains(">D</text>"));
    }

    @Test
    void axisStepsAreRoundAndTheAxisCoversTheLargestFigure() {
        assertEquals(1, Svg.step(0));
        assertEquals(1, Svg.step(5));
        assertEquals(2, Svg.step(7));
        assertEquals(10, Svg.step(34));
        assertEquals(40, Svg.axisMax(34));
        assertEquals(1, Svg.axisMax(0));
    }

    @Test
    void mismatchedFiguresAndBadIdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BarChart.grouped("chart-x", "t", "d", "c", List.of("a", "b"),
            List.of(new Series("s", List.of(1)))));
        assertThrows(IllegalArgumentException.class, () -> BarChart.grouped("Bad id", "t", "d", "c", List.of("a"),
            List.of(new Series("s", List.of(1)))));
        assertThrows(IllegalArgumentException.class, () -> new Series("s", List.of(-1)));
    }
}
