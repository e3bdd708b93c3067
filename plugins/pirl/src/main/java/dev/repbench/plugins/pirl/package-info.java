/**
 * PIRL, Pretext-Invariant Representation Learning (Misra &amp; van der Maaten, CVPR 2020), on the plugin kit.
 *
 * <p>Every image is seen twice: as an augmented image, and as a jigsaw puzzle of nine shuffled patches cut from
 * another augmentation of it. Both go through the same backbone; a linear head maps the image's embedding to
 * 128-d, a jigsaw head maps the nine patch embeddings to one 128-d vector. A memory bank holds, for every
 * training image, a running average of its image representation; both representations are pulled towards their
 * image's entry and pushed away from random other entries by noise-contrastive estimation. The representation
 * must therefore not depend on the puzzle's shuffling: it becomes invariant to the pretext transformation
 * instead of predicting it.
 *
 * <p>{@link dev.repbench.plugins.pirl.Pirl} is the algorithm, {@link dev.repbench.plugins.pirl.PirlMethod} its
 * training step; the jigsaw geometry ({@link dev.repbench.plugins.pirl.JigsawGrid}), the per-step puzzle draw
 * ({@link dev.repbench.plugins.pirl.JigsawPuzzle}), the batched patch cutting
 * ({@link dev.repbench.plugins.pirl.JigsawPatches}) and the {@link dev.repbench.plugins.pirl.MemoryBank} are
 * separate so each can be tested alone.
 */
package dev.repbench.plugins.pirl;
