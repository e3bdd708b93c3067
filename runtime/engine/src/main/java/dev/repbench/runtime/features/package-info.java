/**
 * Frozen-feature extraction: {@link dev.repbench.runtime.features.FeatureExtractor} ties an encoder session
 * ({@code session}), the double-buffered loading pipeline ({@code pipeline}) and the on-disk cache ({@code cache})
 * together, computing only the outputs the cache lacks; {@link dev.repbench.runtime.cli.FeaturesCommand} is
 * {@code repbench features}, with {@link dev.repbench.runtime.cli.ProgressDisplay} showing its progress.
 */
package dev.repbench.runtime.features;
