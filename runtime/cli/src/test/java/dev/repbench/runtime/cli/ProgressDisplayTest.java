package dev.repbench.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.pretrain.TrainingProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain-lines display of progress, of pretraining steps and of images: what it prints and when. */
class ProgressDisplayTest {

    @Test
    void linesShowStepLossRateAndAnEtaFromTheStepsDoneSoFar() {
        StringWriter text = new StringWriter();
        try (ProgressDisplay display = new ProgressDisplay.Lines(new PrintWriter(text), "pretrain x", Duration.ZERO)) {
            display.onProgress(new TrainingProgress(10, 100, 2.5, 300));
            display.onProgress(new TrainingProgress(20, 100, 2.25, 310.5));
        }
        List<String> lines = text.toString().lines().toList();
        assertEquals(3, lines.size(), text.toString()); // each report (no interval here), and the last state when closed
        assertEquals("pretrain x: step 10/100 (10 %), loss 2.5000, 300.0 img/s, ETA ?", lines.get(0), "no step timed yet");
        assertTrue(lines.get(1).startsWith("pretrain x: step 20/100 (20 %), loss 2.2500, 310.5 img/s, ETA "), lines.get(1));
        assertTrue(lines.get(1).matches(".*ETA \\d+m\\d\\ds"), lines.get(1));
        assertTrue(lines.get(2).startsWith("pretrain x: step 20/100"), lines.get(2));
    }

    @Test
    void aPassWithoutALossShowsOnlyItsRate() {
        StringWriter text = new StringWriter();
        try (ProgressDisplay display = new ProgressDisplay.Lines(new PrintWriter(text), "pretrain control", Duration.ZERO)) {
            display.onProgress(new TrainingProgress(5, 50, Double.NaN, 334));
        }
        assertEquals("pretrain control: step 5/50 (10 %), 334.0 img/s, ETA ?", text.toString().lines().findFirst().orElseThrow());
    }

    @Test
    void nothingIsShownBeforeTheFirstReportOrWhenSilent() {
        StringWriter text = new StringWriter();
        new ProgressDisplay.Lines(new PrintWriter(text), "pretrain x", Duration.ZERO).close();
        try (ProgressDisplay silent = ProgressDisplay.create(ProgressDisplay.Mode.NONE, new PrintWriter(text), "x")) {
            silent.onProgress(new TrainingProgress(1, 2, 1.0, 1));
        }
        assertEquals("", text.toString());
    }

    @Test
    void durationsReadAsMinutesOrHours() {
        assertEquals("1m05s", ProgressDisplay.Lines.formatDuration(65));
        assertEquals("0m00s", ProgressDisplay.Lines.formatDuration(0.2));
        assertEquals("1h02m", ProgressDisplay.Lines.formatDuration(3725));
    }

    @Test
    void imagesShowCountRateAndElapsedTimeAfterAStartLine() {
        StringWriter text = new StringWriter();
        try (ProgressDisplay display = new ProgressDisplay.Lines(new PrintWriter(text), "features x", Duration.ZERO)) {
            display.imagesDone(3); // before the start: ignored
            display.started(8);
            display.imagesDone(4);
        }
        List<String> lines = text.toString().lines().toList();
        assertEquals(3, lines.size(), text.toString());
        assertEquals("features x: 0/8 images", lines.get(0));
        assertTrue(lines.get(1).matches("features x: 4/8 images \\(50 %\\), [0-9.]+ img/s, [0-9.]+ s"), lines.get(1));
        assertTrue(lines.get(2).startsWith("features x: 4/8 images (50 %)"), lines.get(2));
    }
}
