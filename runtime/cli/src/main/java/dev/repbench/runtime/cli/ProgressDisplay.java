package dev.repbench.runtime.cli;

import dev.repbench.runtime.features.FeatureExtractor;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows the progress of a long command: a progress bar (me.tongfei:progressbar) on a terminal, plain periodic log
 * lines with the rate otherwise (a log file or CI output gets no control characters), or nothing. Shows nothing
 * until {@link #started}, so a command that finds everything cached prints no progress.
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
     */
    public static ProgressDisplay create(Mode mode, PrintWriter log, String task) {
        Mode effective = mode == Mode.AUTO ? (onTerminal() ? Mode.BAR : Mode.LINES) : mode;
        return switch (effective) {
            case BAR -> new Bar(task);
            case LINES -> new Lines(log, task, LINE_INTERVAL);
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

    /** Ends the display (the bar's last state, or the final log line) if it started. */
    @Override
    public abstract void close();

    /** The terminal bar, with images/s. */
    static final class Bar extends ProgressDisplay {
        private final String task;
        private ProgressBar bar;

        Bar(String task) {
            this.task = task;
        }

        @Override
        public void started(int total) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" img", 1)
                    .showSpeed().setSpeedUnit(ChronoUnit.SECONDS).setUpdateIntervalMillis(250).build();
        }

        @Override
        public void imagesDone(int done) {
            if (bar != null) {
                bar.stepTo(done);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /** Plain lines: {@code task: done/total images (p %), r img/s}. */
    static final class Lines extends ProgressDisplay {
        private final PrintWriter log;
        private final String task;
        private final long intervalNanos;
        private int total = -1;
        private long start;
        private long lastLine;
        private int done;

        Lines(PrintWriter log, String task, Duration interval) {
            this.log = log;
            this.task = task;
            this.intervalNanos = interval.toNanos();
        }

        @Override
        public void started(int total) {
            this.total = total;
            start = System.nanoTime();
            lastLine = start;
            log.printf(Locale.ROOT, "%s: 0/%d images%n", task, total);
            log.flush();
        }

        @Override
        public void imagesDone(int done) {
            if (total < 0) {
                return;
            }
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
            if (total >= 0) {
                print(System.nanoTime());
                total = -1;
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
