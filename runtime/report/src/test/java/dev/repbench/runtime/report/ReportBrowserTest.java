package dev.repbench.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a browser shows it: headless Chromium loads index.html (no network), the page's script measures
 * every chart ({@code data-marks}, {@code data-drawn}, {@code data-bbox}), and the dumped DOM must show each chart
 * laid out with all its marks drawn at a non-zero size and its content inside its canvas. A screenshot must not be
 * blank. Chromium is a test dependency (DEV_PACKAGES in ./repbench): without it this test fails, naming the install.
 */
class ReportBrowserTest {
    private static final Pattern SVG = Pattern.compile("<svg\\b[^>]*>");
    private static final int TOLERANCE_PX = 3;

    @TempDir
    Path dir;

    @Test
    void everyChartIsLaidOutAndDrawnInChromium() throws Exception {
        Path chromium = chromium();
        ReportFixtures.records(dir.resolve("records"), 2, true);
        Path index = ReportBuilder.build(new ReportRequest(dir.resolve("records"),
                List.of(ReportFixtures.ckaFile(dir.resolve("cka"))), dir.resolve("out"), "browser test", List.of(),
                List.of(), true)); // every task, so every chart is drawn
        List<String> written = ReportBuilderTest.chartNames(Files.readString(index));

        String dom = run(chromium, "--dump-dom", index.toUri().toString());
        Matcher measured = Pattern.compile("data-charts-measured=\"(\\d+)\"").matcher(dom);
        assertTrue(measured.find(), "the page's script ran in Chromium");
        assertEquals(written.size(), Integer.parseInt(measured.group(1)));
        List<String> rendered = new ArrayList<>();
        Matcher svg = SVG.matcher(dom);
        while (svg.find()) {
            String tag = svg.group();
            String name = attribute(tag, "data-chart");
            rendered.add(name);
            int marks = Integer.parseInt(attribute(tag, "data-marks"));
            assertTrue(marks > 0, name + " has marks");
            assertEquals(marks, Integer.parseInt(attribute(tag, "data-drawn")), name + ": every mark has a size");
            String[] box = attribute(tag, "data-bbox").split("x");
            int width = Integer.parseInt(attribute(tag, "width"));
            int height = Integer.parseInt(attribute(tag, "height"));
            assertTrue(Integer.parseInt(box[0]) <= width + TOLERANCE_PX && Integer.parseInt(box[1]) <= height + TOLERANCE_PX,
                    name + ": drawn content " + attribute(tag, "data-bbox") + " fits its " + width + "x" + height + " canvas");
        }
        assertEquals(written, rendered, "every chart of the page is in the rendered DOM");

        Path screenshot = dir.resolve("page.png");
        run(chromium, "--screenshot=" + screenshot, "--window-size=1280,2400", index.toUri().toString());
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertEquals(1280, image.getWidth());
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                    coloured++;
                }
            }
        }
        assertTrue(coloured > 1000, "the screenshot shows coloured charts, found " + coloured + " sampled pixels");
    }

    /** Chromium on the PATH, or a failure that says how to install it. */
    private static Path chromium() {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(dirName, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("headless Chromium is needed to test the HTML report and is not on the PATH; install it with "
                + "'apt-get install -y chromium' (it is in DEV_PACKAGES of ./repbench, which './repbench setup' installs "
                + "as root)");
    }

    private String run(Path chromium, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--user-data-dir=" + dir.resolve("profile"), "--no-first-run", "--disable-extensions"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("chromium.log").toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish within 120 s: " + command);
        }
        assertEquals(0, process.exitValue(), "Chromium failed: " + Files.readString(dir.resolve("chromium.log")));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(tag);
        if (!m.find()) {
            fail("no " + name + " in " + tag);
        }
        return m.group(1);
    }
}
