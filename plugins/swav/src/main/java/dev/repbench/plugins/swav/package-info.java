/**
 * SwAV (Caron et al., 2020, "Unsupervised Learning of Visual Features by Contrasting Cluster Assignments") as a
 * RepBench pretraining plugin over the plugin kit's loop: multi-crop views, a projection head to unit-norm
 * features, unit-norm prototypes, Sinkhorn-Knopp assignments of the large crops (optionally steadied by a queue)
 * and the swapped prediction loss, trained with LARS and a warm-up cosine schedule.
 */
package dev.repbench.plugins.swav;
