package dev.repbench.plugins.moco;

import dev.repbench.torch.optim.CosineSchedule;
import dev.repbench.torch.optim.LearningRateSchedule;

/**
 * MoCo's learning-rate schedules, which change the rate once per epoch (as the reference implementation's
 * {@code adjust_learning_rate} does at the start of each epoch) and are given to the loop per step.
 */
final class MocoSchedule {

    /** The two schedules of the papers. */
    enum Kind {
        /** v1: the base rate, times {@code gamma} at each milestone (120 and 160 of 200 epochs). */
        STEP("step"),
        /** v2: {@code base · ½(1 + cos(π · epoch / epochs))}. */
        COSINE("cosine");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        String id() {
            return id;
        }

        static Kind fromId(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException(MocoSettings.LR_SCHEDULE + " = '" + id + "' is unknown: use step or cosine");
        }
    }

    private MocoSchedule() {
    }

    /**
     * @param settings      the hyperparameters (base rate, kind, milestones, gamma)
     * @param stepsPerEpoch optimiser steps per epoch, at least 1
     * @param epochs        epochs of the run, at least 1
     * @return the rate at each step
     */
    static LearningRateSchedule of(MocoSettings settings, long stepsPerEpoch, int epochs) {
        if (stepsPerEpoch < 1 || epochs < 1) {
            throw new IllegalArgumentException("a schedule needs 1 or more steps per epoch and epochs, got "
                    + stepsPerEpoch + " and " + epochs);
        }
        double base = settings.optimizer().learningRate();
        return switch (settings.schedule()) {
            case COSINE -> {
                CosineSchedule perEpoch = CosineSchedule.withoutWarmup(base, 0.0, epochs);
                yield step -> perEpoch.at(step / stepsPerEpoch);
            }
            case STEP -> {
                long[] milestones = milestoneEpochs(settings.stepMilestones(), epochs);
                double gamma = settings.stepGamma();
                yield step -> {
                    long epoch = step / stepsPerEpoch;
                    double rate = base;
                    for (long milestone : milestones) {
                        if (epoch >= milestone) {
                            rate *= gamma;
                        }
                    }
                    return rate;
                };
            }
        };
    }

    /**
     * The milestones as epochs of this run: each fraction of the run's epochs, rounded (0.6 and 0.8 of 200 give
     * the paper's 120 and 160). Two fractions may round to the same epoch on short runs; both drops then apply.
     */
    static long[] milestoneEpochs(double[] fractions, int epochs) {
        long[] milestones = new long[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            milestones[i] = Math.round(fractions[i] * epochs);
        }
        return milestones;
    }
}
