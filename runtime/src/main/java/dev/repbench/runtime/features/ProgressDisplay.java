package dev.repbench.runtime.features;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows the progress of a long command: a progress bar (me.tongfei:progressbar) on a terminal, plain periodic log
 * lines with the rate otherwise (a log file or CI output gets no control characters), or nothing.
 */
public abstract sealed class ProgressDisplay implements FeatureExtractor.Progress, AutoCloseable {

    /** How progress is shown. */
    public enum Mode {
        /** A bar on a terminal, lines otherwise. */
        AUTO,
        /** Always the bar. */
        BAR,
        /** Always log lines. */
        LINES,
        /** Nothing. */
        NONE
    }

    /** Log lines come at most this often, and once at the end. */
    public static final Duration LINE_INTERVAL = Duration.ofSeconds(10);

    /**
     * @param log   where log lines go (stderr: stdout carries the command's result)
     * @param task  what is being done, e.g. {@code features resnet50 fashion-mnist/train}
     * @param total the images to do
     */
    public static ProgressDisplay create(Mode mode, PrintWriter log, String task, int total) {
        Mode effective = mode == Mode.AUTO ? (onTerminal() ? Mode.BAR : Mode.LINES) : mode;
        return switch (effective) {
            case BAR -> new Bar(task, total);
            case LINES -> new Lines(log, task, total, LINE_INTERVAL);
            default -> new Silent();
        };
    }

    /**
     * Whether stdout and stderr are a terminal. Since JDK 22 {@code System.console()} is non-null even when the streams
     * are redirected; {@link Console#isTerminal} tells.
     */
    public static boolean onTerminal() {
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** Ends the display (the bar's last state, or the final log line). */
    @Override
    public abstract void close();

    /** The terminal bar, with images/s. */
    static final class Bar extends ProgressDisplay {
        private final ProgressBar bar;

        Bar(String task, int total) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" img", 1)
                    .showSpeed().setSpeedUnit(ChronoUnit.SECONDS).setUpdateIntervalMillis(250).build();
        }

        @Override
        public void imagesDone(int done) {
            bar.stepTo(done);
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** Plain lines: {@code task: done/total images (p %), r img/s}. */
    static final class Lines extends ProgressDisplay {
        private final PrintWriter log;
        private final String task;
        private final int total;
        private final long intervalNanos;
        private final long start = System.nanoTime();
        private long lastLine = start;
        private int done;
        private boolean closed;

        Lines(PrintWriter log, String task, int total, Duration interval) {
            this.log = log;
            this.task = task;
            this.total = total;
            this.intervalNanos = interval.toNanos();
            log.printf(Locale.ROOT, "%s: 0/%d images%n", task, total);
            log.flush();
        }

        @Override
        public void imagesDone(int done) {
            this.done = done;
            long now = System.nanoTime();
            if (now - lastLine >= intervalNanos && done < total) {
                lastLine = now;
                print(now);
            }
        }

        private void print(long now) {
            double seconds = (now - start) / 1e9;
            log.printf(Locale.ROOT, "%s: %d/%d images (%.0f %%), %.1f img/s, %.1f s%n", task, done, total,
                    100.0 * done / total, done / Math.max(seconds, 1e-9), seconds);
            log.flush();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                print(System.nanoTime());
            }
        }
    }

    /** No output. */
    static final class Silent extends ProgressDisplay {
        @Override
        public void imagesDone(int done) {
        }

        @Override
        public void close() {
        }
    }
}
