/**
 * Momentum contrast, MoCo v1 (He et al., CVPR 2020) and MoCo v2 (Chen et al., 2020), on the plugin kit's
 * {@link dev.repbench.plugins.kit.train.Method} contract.
 *
 * <p>A query encoder is trained with the InfoNCE loss to pick its image's key, produced by a key encoder that
 * follows the query encoder as a moving average, among a queue of keys of earlier batches. Shuffled batch norm,
 * which the papers get from eight GPUs, is emulated on one device by running both encoders on groups of the
 * batch, the key encoder's groups drawn after a random shuffle ({@link dev.repbench.plugins.moco.BatchGroups}).
 */
package dev.repbench.plugins.moco;
