/**
 * Heads that methods put on the backbone's embedding and drop after training (projectors, predictors).
 */
package dev.repbench.plugins.kit.heads;
