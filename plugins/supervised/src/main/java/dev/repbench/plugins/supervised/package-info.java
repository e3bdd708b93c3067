/**
 * The supervised baseline of the study: the encoder trained with labels, as a linear classifier on its
 * embedding under cross-entropy.
 */
package dev.repbench.plugins.supervised;
