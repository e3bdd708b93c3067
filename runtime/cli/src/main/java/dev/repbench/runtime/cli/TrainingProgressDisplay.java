package dev.repbench.runtime.cli;

import dev.repbench.api.pretrain.ProgressListener;
import dev.repbench.api.pretrain.TrainingProgress;
import dev.repbench.runtime.cli.ProgressDisplay;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Shows a pretraining run's progress the way {@link ProgressDisplay} shows feature extraction's, with the same
 * {@code --progress} modes: a progress bar over optimiser steps with the loss and images/s on a terminal, plain
 * periodic log lines with an ETA otherwise, or nothing. Shows nothing until the first report.
 */
abstract sealed class TrainingProgressDisplay implements ProgressListener, AutoCloseable {

    /**
     * @param mode how to show progress; {@code AUTO} picks the bar on a terminal
     * @param log  where log lines go
     * @param task what is being done, e.g. {@code pretrain moco-v2}
     */
    static TrainingProgressDisplay create(ProgressDisplay.Mode mode, PrintWriter log, String task) {
        ProgressDisplay.Mode effective = mode == ProgressDisplay.Mode.AUTO
                ? (ProgressDisplay.onTerminal() ? ProgressDisplay.Mode.BAR : ProgressDisplay.Mode.LINES) : mode;
        return switch (effective) {
            case BAR -> new Bar(task);
            case LINES -> new Lines(log, task, ProgressDisplay.LINE_INTERVAL);
            default -> new Silent();
        };
    }

    @Override
    public abstract void close();

    static String lossAndRate(TrainingProgress p) {
        return String.format(Locale.ROOT, "loss %.4f, %.1f img/s", p.loss(), p.imagesPerSecond());
    }

    /** The terminal bar over steps; the bar's own ETA, the loss and images/s as its extra message. */
    static final class Bar extends TrainingProgressDisplay {
        private final String task;
        private ProgressBar bar;

        Bar(String task) {
            this.task = task;
        }

        @Override
        public void onProgress(TrainingProgress progress) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(progress.totalSteps()).setUnit(" steps", 1)
                        .setUpdateIntervalMillis(250).startsFrom(progress.step(), Duration.ZERO).build();
            }
            bar.stepTo(progress.step());
            bar.setExtraMessage(lossAndRate(progress));
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
     * Plain lines: {@code task: step s/total (p %), loss l, r img/s, ETA t} ({@code done} at the last step), at most
     * every interval and at the end.
     */
    static final class Lines extends TrainingProgressDisplay {
        private final PrintWriter log;
        private final String task;
        private final long intervalNanos;
        private TrainingProgress last;
        private long firstStep;
        private long start;
        private long lastLine;

        Lines(PrintWriter log, String task, Duration interval) {
            this.log = log;
            this.task = task;
            this.intervalNanos = interval.toNanos();
        }

        @Override
        public void onProgress(TrainingProgress progress) {
            long now = System.nanoTime();
            if (last == null) {
                firstStep = progress.step();
                start = now;
                lastLine = now;
            }
            last = progress;
            if (now - lastLine >= intervalNanos && progress.step() < progress.totalSteps()) {
                lastLine = now;
                print(now);
            }
        }

        private void print(long now) {
            double seconds = (now - start) / 1e9;
            long done = last.step() - firstStep;
            String eta = last.step() >= last.totalSteps() ? "done"
                    : done <= 0 ? "ETA ?" : "ETA " + formatDuration(seconds / done * (last.totalSteps() - last.step()));
            log.printf(Locale.ROOT, "%s: step %d/%d (%.0f %%), %s, %s%n", task, last.step(), last.totalSteps(),
                    100.0 * last.fractionDone(), lossAndRate(last), eta);
            log.flush();
        }

        static String formatDuration(double seconds) {
            long s = Math.round(seconds);
            return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                    : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }

        @Override
        public void close() {
            if (last != null) {
                print(System.nanoTime());
                last = null;
            }
        }
    }

    /** No output. */
    static final class Silent extends TrainingProgressDisplay {
        @Override
        public void onProgress(TrainingProgress progress) {
        }

        @Override
        public void close() {
        }
    }
}
