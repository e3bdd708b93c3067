package dev.repbench.runtime.cli.options;

import dev.repbench.runtime.data.FashionMnistSplits;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-root DIR}: the folder the tasks' and Fashion-MNIST's files are read from. */
public final class DataRootOption {
    @Option(names = "--data-root", paramLabel = "DIR", defaultValue = FashionMnistSplits.DEBIAN_ROOT,
            description = "The data root handed to tasks, holding Fashion-MNIST's files (default: ${DEFAULT-VALUE},"
                    + " Debian's dataset-fashion-mnist).")
    private Path root;

    /** @return the data root */
    public Path path() {
        return root;
    }
}
