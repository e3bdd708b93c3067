package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.runtime.cli.options.DataRootOption;

import dev.repbench.runtime.bench.BenchArchitectures;
import dev.repbench.runtime.bench.PretrainBench;
import dev.repbench.runtime.bench.TrainStepBench;

import dev.repbench.api.Device;
import dev.repbench.plugins.kit.bench.BaselineBenchmark;
import dev.repbench.runtime.cli.RepbenchCommand;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.version.BlasVersion;
import dev.repbench.torch.Torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code repbench bench pretrain}: pretraining throughput per algorithm, and plugins' steps against PyTorch. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pretraining throughput of every algorithm (the whole step through the SPI) in fp32 and bf16, the",
                "supervised step against PyTorch's (fp32, and bf16 + channels-last), and each plugin's step against its",
                "reference implementation, all measured in the same run (MoCo v2 vs PyTorch)."})
final class PretrainBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--algorithms", split = ",", paramLabel = "NAME[,NAME…]", description = "Only these (default: all).")
    List<String> algorithms = List.of();

    @Option(names = "--arch", defaultValue = "resnet18-small", paramLabel = "NAME",
            completionCandidates = ArchitectureChoices.WithPyTorchTwin.class,
            description = "The encoder every algorithm and reference trains: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--batch", defaultValue = "64", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--size", defaultValue = "32", description = "Image side (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--steps", defaultValue = "6", description = "Steps per algorithm and per reference (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--python", defaultValue = "/usr/bin/python3",
            description = "Python with torch, on the same libtorch as the shim (default: ${DEFAULT-VALUE}).")
    Path python;

    @Option(names = "--busy-core", description = {"Time each algorithm idle and then with one busy process beside it (a",
            "spinning shell, not pinned), and print the ratio: what pretraining keeps when another job takes a core."})
    boolean busyCore;

    @Option(names = "--repeat", defaultValue = "3", paramLabel = "N",
            description = "With --busy-core: idle/busy pairs per algorithm, interleaved (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Mixin
    DataRootOption data = new DataRootOption();

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) {
            throw Usage.error(spec, "--repeat is 1 or more");
        }
        if (batch < 8 || size < 8 || steps < 2) {
            throw Usage.error(spec, "--batch and --size are 8 or more, --steps 2 or more");
        }
        Usage.parse(spec, "--arch", () -> BenchArchitectures.withPyTorchTwin(arch));
        RepbenchCommand root = BenchCommand.root(spec);
        int threads = root.execution().threads();
        Torch.load();
        Torch.setNumThreads(threads);
        System.out.printf("libtorch %s, %d threads, BLAS %s%n", Torch.version(), Torch.numThreads(), new BlasVersion().version());
        Device device = root.execution().trainingDevice();
        TrainStepBench.Peaks peaks = device.isCuda() ? TrainStepBench.Peaks.none() : TorchBenchCommand.peaks(threads, System.out);
        try (PluginRegistry registry = root.loadPlugins()) {
            PretrainBench.run(registry, algorithms, arch, batch, size, steps, device, threads, data.path(),
                    new BaselineBenchmark.Settings(batch, size, threads, 1, steps, python, arch, device), peaks,
                    busyCore ? repeat : 0, System.out);
        }
        return 0;
    }
}
