package dev.repbench.torch.optim;

/**
 * A learning rate as a pure function of the training step (or epoch, for schedules counted in epochs): the same
 * step always gives the same rate, so a resumed run needs only its step count. A training loop applies it with
 * {@code optimizer.setLearningRate(schedule.at(step))} before each step.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /** The learning rate at {@code step} (from 0). */
    double at(long step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double learningRate) {
        Checks.nonNegative("learning rate", learningRate);
        return step -> learningRate;
    }
}
