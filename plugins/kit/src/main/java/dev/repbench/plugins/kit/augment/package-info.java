/**
 * Batched image augmentations on the device: per-image parameters drawn in Java from a
 * {@link java.util.SplittableRandom}, applied to the whole batch with a few tensor operations.
 * {@link dev.repbench.plugins.kit.augment.Augmentations} holds the published pipelines (MoCo, SimCLR, SwAV, BYOL).
 */
package dev.repbench.plugins.kit.augment;
