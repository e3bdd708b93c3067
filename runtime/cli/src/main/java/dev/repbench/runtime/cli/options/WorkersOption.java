package dev.repbench.runtime.cli.options;

import dev.repbench.runtime.features.FeatureExtractor;
import picocli.CommandLine.Option;

/** {@code --workers N}: threads decoding and preprocessing images while the encoder runs. */
public final class WorkersOption {
    @Option(names = "--workers", paramLabel = "N", converter = PositiveInt.class,
            description = "Threads decoding and preprocessing images (default: one per two processors, 1 to 4).")
    private Integer workers;

    /** @return the threads: as given, else one per two processors, 1 to 4 */
    public int count() {
        return workers == null ? FeatureExtractor.Settings.defaultWorkers() : workers;
    }

    /** @return the threads as given, or 0 when the service should choose */
    public int countOrDefault() {
        return workers == null ? 0 : workers;
    }
}
