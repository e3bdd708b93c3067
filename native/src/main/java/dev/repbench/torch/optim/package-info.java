/**
 * Optimizers and learning-rate schedules for training on the torch layer, with PyTorch's update rules.
 *
 * <p>{@link dev.repbench.torch.optim.SGD}, {@link dev.repbench.torch.optim.Adam} and
 * {@link dev.repbench.torch.optim.AdamW} match {@code torch.optim} step for step (golden trajectories from
 * PyTorch are replayed in the tests); {@link dev.repbench.torch.optim.LARS} is apex's LARC over SGD as SwAV
 * uses it, with the bias and batch-norm exclusion of SimCLR and BYOL available through
 * {@link dev.repbench.torch.optim.ParameterGroup}. Every optimizer owns its state, frees it on
 * {@code close()}, and round-trips it through {@code stateDict()}/{@code loadStateDict()} so a resumed run
 * is bit-identical to an uninterrupted one.
 *
 * <p>Schedules ({@link dev.repbench.torch.optim.StepSchedule}, {@link dev.repbench.torch.optim.CosineSchedule})
 * are pure functions of the step; the training loop sets the rate before each step:
 * <pre>{@code
 * try (SGD sgd = new SGD(ParameterGroup.all(model.parameters()), SGD.Options.of(0.03).momentum(0.9).weightDecay(1e-4))) {
 *     LearningRateSchedule schedule = StepSchedule.moco(0.03);
 *     for (long epoch = 0; epoch < 200; epoch++) {
 *         sgd.setLearningRate(schedule.at(epoch));
 *         for (Batch batch : loader) {
 *             try (Scope step = Scope.open()) {
 *                 sgd.zeroGrad();
 *                 loss(model, batch).backward();
 *                 sgd.step();
 *             }
 *         }
 *     }
 * }
 * }</pre>
 */
package dev.repbench.torch.optim;
