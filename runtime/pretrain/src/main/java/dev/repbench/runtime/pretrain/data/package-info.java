/**
 * The images a pretraining run trains on: sources ({@link dev.repbench.runtime.pretrain.data.ImageSource}: the
 * Fashion-MNIST train split, an image folder, an end task's training split), the study's subsets of them
 * ({@link dev.repbench.runtime.pretrain.data.Variant}: half, quarter, linear- and log-unbalanced, subsample), and the
 * reproducible manifest that records exactly which images a run saw
 * ({@link dev.repbench.runtime.pretrain.data.DatasetManifest}).
 */
package dev.repbench.runtime.pretrain.data;
