/**
 * Pretraining runs: a {@link dev.repbench.runtime.pretrain.PretrainJob} run by
 * {@link dev.repbench.runtime.pretrain.PretrainRunner} into a folder that ends as an encoder folder. The run's record
 * ({@code pretrain.json}), its checkpoint index and the context an algorithm is given live here; the training images
 * are {@link dev.repbench.runtime.pretrain.data}'s.
 */
package dev.repbench.runtime.pretrain;
