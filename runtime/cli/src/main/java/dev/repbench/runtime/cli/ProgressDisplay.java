package dev.repbench.runtime.cli;

import dev.repbench.api.pretrain.ProgressListener;
import dev.repbench.api.pretrain.TrainingProgress;
import dev.repbench.runtime.features.FeatureExtractor;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The one progress display of every long command: images through an encoder ({@link FeatureExtractor.Progress}:
 * features, CKA) and optimiser steps of a pretraining run ({@link ProgressListener}). A progress bar
 * (me.tongfei:progressbar) on a terminal, plain periodic log lines otherwise (a log file or CI output gets no control
 * characters), or nothing. Shows nothing until the work starts, so a command that finds everything done prints no
 * progress.
 */
public abstract sealed class ProgressDisplay implements FeatureExtractor.Progress, ProgressListener, AutoCloseable {

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
     * @param mode how to show progress; {@code AUTO} picks the bar on a terminal
     * @param log  where log lines go (stderr: stdout carries the command's result)
     * @param task what is being done, e.g. {@code features resnet50 fashion-mnist/train}
     */
    public static ProgressDisplay create(Mode mode, PrintWriter log, String task) {
        return create(mode, log, task, LINE_INTERVAL);
    }

    /** As {@link #create(Mode, PrintWriter, String)}, with log lines at most every {@code interval}. */
    public static ProgressDisplay create(Mode mode, PrintWriter log, String task, Duration interval) {
        Mode effective = mode == Mode.AUTO ? (onTerminal() ? Mode.BAR : Mode.LINES) : mode;
        return switch (effective) {
            case BAR -> new Bar(task);
            case LINES -> new Lines(log, task, interval);
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

    /** What is counted: images through an encoder, or optimiser steps with the loss and rate. */
    enum Unit {
        IMAGES, STEPS
    }

    /** Counting starts: {@code total} items, {@code first} of them already done (a resumed run). */
    abstract void begin(Unit unit, long total, long first);

    /** {@code done} items are done; {@code detail} is what a step reports (loss, rate), or null. */
    abstract void advance(long done, String detail);

    abstract boolean begun();

    @Override
    public final void started(int total) {
        begin(Unit.IMAGES, total, 0);
    }

    @Override
    public final void imagesDone(int done) {
        if (begun()) {
            advance(done, null);
        }
    }

    @Override
    public final void onProgress(TrainingProgress progress) {
        if (!begun()) {
            begin(Unit.STEPS, progress.totalSteps(), progress.step());
        }
        // NaN: a pass without a loss (random-init's batch-norm statistics)
        advance(progress.step(), Double.isNaN(progress.loss())
                ? String.format(Locale.ROOT, "%.1f img/s", progress.imagesPerSecond())
                : String.format(Locale.ROOT, "loss %.4f, %.1f img/s", progress.loss(), progress.imagesPerSecond()));
    }

    /** Ends the display (the bar's last state, or the final log line) if it started. */
    @Override
    public abstract void close();

    /** The terminal bar: images with their speed, or steps with the loss and images/s as its extra message. */
    static final class Bar extends ProgressDisplay {
        private final String task;
        private ProgressBar bar;

        Bar(String task) {
            this.task = task;
        }

        @Override
        void begin(Unit unit, long total, long first) {
            ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setUpdateIntervalMillis(250);
            bar = (unit == Unit.IMAGES ? builder.setUnit(" img", 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS)
                    : builder.setUnit(" steps", 1).startsFrom(first, Duration.ZERO)).build();
        }

        @Override
        void advance(long done, String detail) {
            bar.stepTo(done);
            if (detail != null) {
                bar.setExtraMessage(detail);
            }
        }

        @Override
        boolean begun() {
            return bar != null;
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    /**
     * Plain lines, at most every interval and once at the end: {@code task: d/t images (p %), r img/s, s s} for
     * images (after a first {@code task: 0/t images}), {@code task: step d/t (p %), loss l, r img/s, ETA t} for steps
     * ({@code done} at the last step).
     */
    static final class Lines extends ProgressDisplay {
        private final PrintWriter log;
        private final String task;
        private final long intervalNanos;
        private Unit unit;
        private long total;
        private long first;
        private long done;
        private String detail;
        private long start;
        private long lastLine;

        Lines(PrintWriter log, String task, Duration interval) {
            this.log = log;
            this.task = task;
            this.intervalNanos = interval.toNanos();
        }

        @Override
        void begin(Unit unit, long total, long first) {
            this.unit = unit;
            this.total = total;
            this.first = first;
            this.done = first;
            start = System.nanoTime();
            lastLine = start;
            if (unit == Unit.IMAGES) {
                log.printf(Locale.ROOT, "%s: 0/%d images%n", task, total);
                log.flush();
            }
        }

        @Override
        void advance(long done, String detail) {
            this.done = done;
            this.detail = detail;
            long now = System.nanoTime();
            if (now - lastLine >= intervalNanos && done < total) {
                lastLine = now;
                print(now);
            }
        }

        @Override
        boolean begun() {
            return unit != null;
        }

        private void print(long now) {
            double seconds = (now - start) / 1e9;
            if (unit == Unit.IMAGES) {
                log.printf(Locale.ROOT, "%s: %d/%d images (%.0f %%), %.1f img/s, %.1f s%n", task, done, total,
                        100.0 * done / total, done / Math.max(seconds, 1e-9), seconds);
            } else {
                long timed = done - first;
                String eta = done >= total ? "done"
                        : timed <= 0 ? "ETA ?" : "ETA " + formatDuration(seconds / timed * (total - done));
                log.printf(Locale.ROOT, "%s: step %d/%d (%.0f %%), %s, %s%n", task, done, total,
                        100.0 * done / total, detail, eta);
            }
            log.flush();
        }

        static String formatDuration(double seconds) {
            long s = Math.round(seconds);
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                    : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }

        @Override
        public void close() {
            if (unit != null) {
                print(System.nanoTime());
                unit = null;
            }
        }
    }

    /** No output. */
    static final class Silent extends ProgressDisplay {
        @Override
        void begin(Unit unit, long total, long first) {
        }

        @Override
        void advance(long done, String detail) {
        }

        @Override
        boolean begun() {
            return false;
        }

        @Override
        public void close() {
        }
    }
}
