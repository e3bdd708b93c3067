package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.features.FeatureExtractor;
import picocli.CommandLine.Option;

/** How many threads decode and preprocess images for the benchmarks that stream them. */
final class LoaderThreadsOption {
    @Option(names = "--workers", paramLabel = "N", description = "Loader threads (default: one per two processors, 1 to 4).")
    Integer workers;

    /** @return the loader threads: as given, else one per two processors, 1 to 4 */
    int loaders() {
        return workers == null ? FeatureExtractor.Settings.defaultWorkers() : workers;
    }
}
