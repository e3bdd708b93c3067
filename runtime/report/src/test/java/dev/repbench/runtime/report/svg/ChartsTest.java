package dev.repbench.runtime.report.svg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Each chart renders to well-formed SVG with the expected marks, round ticks and escaped text, and to a PNG. */
class ChartsTest {
    private static final String NASTY = "a<b & \"c\" 'd'>";

    @Test
    void groupedSignedBarChart() throws Exception {
        BarChart chart = new BarChart("bars", "Scores " + NASTY, List.of("t1", "t2", NASTY),
                List.of("enc-a", "enc-b"), new double[][] {{1, -2, 3}, {0.5, Double.NaN, -1}}, "score");
        Document svg = parse(chart.scene());
        assertEquals(5, marks(svg, "rect", "bar").size(), "one bar per finite value");
        assertEquals(2, marks(svg, "rect", "legend").size());
        assertTrue(textContents(svg).contains(NASTY), "the label survives escaping");
        for (double tick : tickValues(svg)) {
            assertEquals(Math.round(tick), tick, 1e-9, "ticks of [−2, 3] are whole numbers");
        }
        // A negative bar hangs below zero: its top is the zero line.
        Element zero = marks(svg, "line", "zero").getFirst();
        double zeroY = Double.parseDouble(zero.getAttribute("y1"));
        Element negative = marks(svg, "rect", "bar").stream()
                .filter(e -> e.getTextContent().contains("t2")).findFirst().orElseThrow();
        assertEquals(zeroY, Double.parseDouble(negative.getAttribute("y")), 0.01);
        assertPng(chart.scene());
    }

    @Test
    void scatterWithFittedLine() throws Exception {
        List<ScatterChart.Point> points = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            points.add(new ScatterChart.Point("enc" + i, i * 1.5, 2 * i + 1, i % 2));
        }
        points.add(new ScatterChart.Point("missing", Double.NaN, 1, 0));
        Scene scene = new ScatterChart("scatter", "t vs ref", "ref", "t", points,
                new ScatterChart.Line(4 / 3.0, 1), "r = 1.00", List.of("even", "odd")).scene();
        Document svg = parse(scene);
        assertEquals(7, marks(svg, "circle", "point").size(), "NaN points are not drawn");
        assertEquals(2, marks(svg, "circle", "legend").size());
        Element line = marks(svg, "line", "fit-line").getFirst();
        // The line runs through the first and last points.
        Element first = marks(svg, "circle", "point").getFirst();
        assertEquals(Double.parseDouble(first.getAttribute("cy")), Double.parseDouble(line.getAttribute("y1")), 0.02);
        assertPng(scene);
    }

    @Test
    void heatmapCellsLabelsBlocksAndScale() throws Exception {
        double[][] v = {{1, 0.5, -0.2}, {0.5, 1, Double.NaN}, {-0.2, Double.NaN, 1}};
        String[][] tips = {{"p=0", "p=0.1", "p=0.7"}, {"p=0.1", "p=0", null}, {"p=0.7", null, "p=0"}};
        Heatmap map = new Heatmap("heat", "Pearson", List.of("t1", "t2", NASTY), List.of("t1", "t2", NASTY), v,
                ColorScale.diverging(-1, 1), tips, List.of(2, 1));
        Document svg = parse(map.scene());
        List<Element> cells = marks(svg, "rect", "cell");
        assertEquals(9, cells.size());
        assertTrue(cells.get(1).getTextContent().contains("p=0.1"), "tooltips are the cells' titles");
        assertEquals(8, marks(svg, "line", "block").size(), "two outlined blocks");
        assertTrue(textContents(svg).contains("0.50") && textContents(svg).contains("–"));
        assertEquals("#b2182b", ColorScale.diverging(-1, 1).color(1).hex());
        assertEquals("#f7f7f7", ColorScale.diverging(-1, 1).color(0).hex());
        assertPng(map.scene());
    }

    @Test
    void stripPlotBoxesAndPoints() throws Exception {
        StripPlot plot = new StripPlot("strip", "normalised", List.of(
                new StripPlot.Group("semantic", new double[] {1, 2, 3, 4}, List.of("a", "b", "c", "d")),
                new StripPlot.Group("structural", new double[] {-1, 0.5}, List.of("a", "b"))), "σ", 0.0);
        Document svg = parse(plot.scene());
        assertEquals(6, marks(svg, "circle", "point").size());
        assertEquals(2, marks(svg, "rect", "box").size());
        assertEquals(2.5, StripPlot.quantile(new double[] {1, 2, 3, 4}, 0.5), 1e-12);
        assertEquals(1.75, StripPlot.quantile(new double[] {1, 2, 3, 4}, 0.25), 1e-12);
        assertPng(plot.scene());
    }

    @Test
    void escapingDropsControlCharactersAndQuotes() {
        assertEquals("&lt;x&gt; &amp; &quot;y&quot; &#39;z&#39;", SvgRenderer.escape("<x> & \"y\" 'z'\u0001"));
    }

    static Document parse(Scene scene) throws Exception {
        String svg = SvgRenderer.render(scene);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        return doc;
    }

    static List<Element> marks(Document doc, String element, String mark) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = doc.getElementsByTagName(element);
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            if (mark.equals(e.getAttribute("class"))) {
                found.add(e);
            }
        }
        return found;
    }

    private static String textContents(Document doc) {
        StringBuilder s = new StringBuilder();
        NodeList texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            s.append(texts.item(i).getTextContent()).append('\n');
        }
        return s.toString();
    }

    /** The values printed beside the value axis's ticks (text right after each tick mark). */
    private static List<Double> tickValues(Document doc) {
        List<Double> values = new ArrayList<>();
        NodeList texts = doc.getElementsByTagName("text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element t = (Element) texts.item(i);
            if ("end".equals(t.getAttribute("text-anchor")) && !t.hasAttribute("transform")) {
                values.add(Double.parseDouble(t.getTextContent()));
            }
        }
        assertFalse(values.isEmpty());
        return values;
    }

    private static void assertPng(Scene scene) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(PngRenderer.render(scene, 2)));
        assertEquals(scene.width() * 2, image.getWidth());
        assertEquals(scene.height() * 2, image.getHeight());
        int coloured = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) {
                    coloured++;
                }
            }
        }
        assertTrue(coloured > 20, "the PNG of " + scene.name() + " draws coloured marks, found " + coloured + " pixels");
    }
}
