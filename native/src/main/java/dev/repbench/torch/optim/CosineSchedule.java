package dev.repbench.torch.optim;

/**
 * A linear warm-up followed by a cosine decay, as SwAV builds its per-iteration schedule (MoCo v2's cosine
 * schedule is the case without warm-up and with final rate 0):
 * <pre>
 * s &lt; W:       start + s · (base − start) / (W − 1)        (numpy's linspace(start, base, W): step W−1 is base)
 * W ≤ s &lt; T:   final + ½ · (base − final) · (1 + cos(π · (s − W) / (T − W)))
 * s ≥ T:       final
 * </pre>
 * with {@code W} the warm-up steps and {@code T} the total steps.
 *
 * @param startLearningRate the rate at step 0 of the warm-up
 * @param baseLearningRate  the peak rate, reached at the end of the warm-up
 * @param finalLearningRate the rate the cosine decays to, at step {@code totalSteps}
 * @param warmupSteps       steps of linear warm-up (0 for none)
 * @param totalSteps        steps of the whole schedule, warm-up included
 */
public record CosineSchedule(double startLearningRate, double baseLearningRate, double finalLearningRate,
                             long warmupSteps, long totalSteps) implements LearningRateSchedule {

    public CosineSchedule {
        Checks.nonNegative("start learning rate", startLearningRate);
        Checks.nonNegative("base learning rate", baseLearningRate);
        Checks.nonNegative("final learning rate", finalLearningRate);
        if (warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("need 0 <= warmupSteps < totalSteps, got warmupSteps=" + warmupSteps
                    + ", totalSteps=" + totalSteps);
        }
    }

    /** A cosine decay from {@code base} to {@code final} without warm-up (MoCo v2 with final 0). */
    public static CosineSchedule withoutWarmup(double baseLearningRate, double finalLearningRate, long totalSteps) {
        return new CosineSchedule(baseLearningRate, baseLearningRate, finalLearningRate, 0, totalSteps);
    }

    @Override
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (step < warmupSteps) {
            return warmup(step);
        }
        if (step >= totalSteps) {
            return finalLearningRate;
        }
        // SwAV's arithmetic order, π · t / N. StrictMath gives identical rates on every JVM and machine; they
        // differ from SwAV's (glibc's cos) by a few ulps at most.
        double angle = Math.PI * (step - warmupSteps) / (totalSteps - warmupSteps);
        return finalLearningRate + 0.5 * (baseLearningRate - finalLearningRate) * (1 + StrictMath.cos(angle));
    }

    /** numpy's {@code linspace(start, base, W)[step]}: the same arithmetic, and exactly {@code base} at the end. */
    private double warmup(long step) {
        if (warmupSteps == 1) {
            return startLearningRate;
        }
        if (step == warmupSteps - 1) {
            return baseLearningRate;
        }
        double increment = (baseLearningRate - startLearningRate) / (warmupSteps - 1);
        return step * increment + startLearningRate;
    }
}
