/**
 * SimCLR (Chen et al., ICML 2020): two augmented views of every image, an MLP projector, and the NT-Xent loss
 * that pulls each image's two projections together against the rest of the batch; LARS optimiser.
 */
package dev.repbench.plugins.simclr;
