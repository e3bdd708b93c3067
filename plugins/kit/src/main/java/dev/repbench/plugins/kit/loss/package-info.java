/**
 * Training losses as pure functions of tensors, one per file, each tested on hand-computed values.
 */
package dev.repbench.plugins.kit.loss;
