package dev.repbench.runtime.cli.bench;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The PyTorch side of a benchmark: which interpreter runs it, or none. */
final class PyTorchBaselineOptions {
    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = {"Python with torch for the baseline, on the same libtorch as the shim: Debian's python3-torch here, the",
                    "GPU machine's own PyTorch there; torchvision is used where installed (default: ${DEFAULT-VALUE})."})
    Path python;

    @Option(names = "--no-pytorch", description = "Skip the PyTorch baseline.")
    boolean noPytorch;

    /** The interpreter of the baseline, or null when it is skipped. */
    Path baseline() {
        return noPytorch ? null : python;
    }
}
