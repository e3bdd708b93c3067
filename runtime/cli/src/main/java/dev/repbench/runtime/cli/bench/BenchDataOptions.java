package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.data.FashionMnist;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where the benchmarks that read images find them. */
final class BenchDataOptions {
    @Option(names = "--data-root", defaultValue = FashionMnist.DEBIAN_ROOT, paramLabel = "DIR",
            description = "Fashion-MNIST folder, also the tasks' data root (default: ${DEFAULT-VALUE}).")
    Path root;
}
