package dev.repbench.torch.optim;

import java.util.Arrays;

/**
 * A learning rate multiplied by {@code gamma} at each milestone: at step {@code s} it is
 * {@code base · gamma^k} with {@code k} the number of milestones {@code ≤ s}. MoCo trains 200 epochs with
 * milestones 120 and 160 and gamma 0.1, counted in epochs.
 *
 * <p>The factors are applied by repeated multiplication, as MoCo's {@code adjust_learning_rate} and PyTorch's
 * {@code MultiStepLR} do, so the rates equal theirs bit for bit.
 */
public final class StepSchedule implements LearningRateSchedule {
    private final double baseLearningRate;
    private final long[] milestones;
    private final double gamma;

    /**
     * @param baseLearningRate the rate before the first milestone
     * @param milestones       strictly increasing steps (or epochs) at which the rate drops
     * @param gamma            the factor applied at each milestone
     */
    public StepSchedule(double baseLearningRate, long[] milestones, double gamma) {
        Checks.nonNegative("base learning rate", baseLearningRate);
        Checks.nonNegative("gamma", gamma);
        for (int i = 0; i < milestones.length; i++) {
            if (milestones[i] < 0 || (i > 0 && milestones[i] <= milestones[i - 1])) {
                throw new IllegalArgumentException("milestones must be >= 0 and strictly increasing: "
                        + Arrays.toString(milestones));
            }
        }
        this.baseLearningRate = baseLearningRate;
        this.milestones = milestones.clone();
        this.gamma = gamma;
    }

    /** MoCo's schedule: base rate for 200 epochs, times 0.1 at epochs 120 and 160. */
    public static StepSchedule moco(double baseLearningRate) {
        return new StepSchedule(baseLearningRate, new long[] {120, 160}, 0.1);
    }

    @Override
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        double rate = baseLearningRate;
        for (long milestone : milestones) {
            if (step >= milestone) {
                rate *= gamma;
            }
        }
        return rate;
    }

    @Override
    public String toString() {
        return "StepSchedule[base=" + baseLearningRate + ", milestones=" + Arrays.toString(milestones)
                + ", gamma=" + gamma + "]";
    }
}
