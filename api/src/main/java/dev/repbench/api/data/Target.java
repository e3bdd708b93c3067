package dev.repbench.api.data;

/**
 * The ground truth of a sample: a class, a dense map, or nothing (unlabelled pretraining data).
 */
public sealed interface Target permits ClassLabel, Unlabelled, DenseTarget {
}
