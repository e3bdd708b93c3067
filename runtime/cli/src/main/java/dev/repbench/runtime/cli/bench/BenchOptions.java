package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.bench.BenchArchitectures;
import dev.repbench.runtime.cli.options.Usage;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every model benchmark shares: which ResNet, the batch, the timing, and the PyTorch baseline. */
final class BenchOptions {
    @Option(names = "--arch", defaultValue = "resnet50", completionCandidates = ArchitectureChoices.WithPyTorchTwin.class,
            description = "${COMPLETION-CANDIDATES}: the architectures PyTorch builds too (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--size", defaultValue = "224", description = "Image side in pixels (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up batches (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "5", description = "Timed batches (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    PyTorchBaselineOptions pytorch = new PyTorchBaselineOptions();

    /** The interpreter of the baseline, or null when it is skipped. */
    Path baseline() {
        return pytorch.baseline();
    }

    void validate(CommandSpec spec) {
        Usage.parse(spec, "--arch", () -> BenchArchitectures.withPyTorchTwin(arch));
        if (batch < 1 || size < 32 || steps < 1 || warmup < 0) {
            throw Usage.error(spec, "--batch and --steps are 1 or more, --size 32 or more, --warmup 0 or more");
        }
    }
}
