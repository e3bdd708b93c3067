package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.cli.options.DataRootOption;
import dev.repbench.runtime.cli.options.WorkersOption;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/** The options of the benchmarks that stream Fashion-MNIST images through an encoder: the data root and loaders. */
final class ImageStreamOptions {
    @Mixin
    WorkersOption workers = new WorkersOption();

    @Mixin
    DataRootOption data = new DataRootOption();

    /** @return the loader threads */
    int loaders() {
        return workers.count();
    }

    /** @return the folder of Fashion-MNIST's files */
    Path dataRoot() {
        return data.path();
    }
}
