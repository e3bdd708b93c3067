/**
 * BYOL (Bootstrap Your Own Latent, Grill et al., 2020) as a third-party RepBench pretraining plugin: an algorithm
 * ({@link org.example.byol.ByolAlgorithm}) whose method ({@link org.example.byol.ByolMethod}) the plugin kit's loop
 * trains, with its loss, target momentum schedule and target update as small pure pieces.
 */
package org.example.byol;
