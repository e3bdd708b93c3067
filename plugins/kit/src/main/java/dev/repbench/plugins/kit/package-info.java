/**
 * The plugin kit: what every pretraining plugin shares, built-in or third-party. A plugin writes one
 * {@link dev.repbench.plugins.kit.train.Method} (its networks, optimiser and loss) and hands it to
 * {@link dev.repbench.plugins.kit.train.PretrainingLoop}, which owns everything else: seeding, the
 * prefetching loader ({@link dev.repbench.plugins.kit.data}), batched augmentations on the device
 * ({@link dev.repbench.plugins.kit.augment}), progress, atomic checkpoints and bit-exact resume, and the final
 * backbone checkpoint RepBench exports to ONNX. Losses are pure functions ({@link dev.repbench.plugins.kit.loss});
 * projectors live in {@link dev.repbench.plugins.kit.heads}.
 *
 * <p>Randomness has two sources, both derived from the run's seed so a resumed run retraces an uninterrupted
 * one: libtorch's generator, seeded once before the networks are built (initialisation only), and
 * {@link java.util.SplittableRandom}s derived from (seed, epoch) for the data order and (seed, step) for
 * everything drawn during a step (augmentation parameters, shuffles, negatives).
 */
package dev.repbench.plugins.kit;
