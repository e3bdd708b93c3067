/**
 * The image-level protocol: pooled embeddings from the feature cache (one file per frame position), a linear probe or
 * the multi-input fusion head trained with Adam on them, top-1 after every epoch.
 */
package dev.repbench.runtime.eval.imagelevel;
