/**
 * A control beside the pretraining algorithms: the study's random initialisation with batch-norm statistics
 * estimated on the training images, so a study can tell what an algorithm learnt beyond those statistics.
 */
package dev.repbench.plugins.randominit;
