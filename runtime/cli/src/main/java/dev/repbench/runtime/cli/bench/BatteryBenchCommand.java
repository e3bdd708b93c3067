package dev.repbench.runtime.cli.bench;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.bench.BatteryBench;
import dev.repbench.runtime.cli.RepbenchCommand;
import dev.repbench.runtime.cli.options.CacheOption;
import dev.repbench.runtime.cli.options.DataRootOption;
import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.TaskGroups;
import dev.repbench.torch.Torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code repbench bench battery}: per task, chance, random-init, a strong encoder, its ceiling, and whether the gap is enough. */
@Command(name = "battery", mixinStandardHelpOptions = true,
        description = {"Whether each task separates encoders: the study's protocol on a strong encoder and on the same",
                "network at random initialisation, beside chance, and with --ceiling the strong encoder's best head.",
                "Make both encoders with runtime/bench/src/main/resources/dev/repbench/runtime/bench/battery_encoders.py",
                "(Debian's python3-torch), then repbench import each."})
final class BatteryBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--strong", required = true, paramLabel = "DIR|FILE.onnx", description = "The trained encoder.")
    Path strong;

    @Option(names = "--random", required = true, paramLabel = "DIR|FILE.onnx",
            description = "The same architecture at random initialisation.")
    Path random;

    @Option(names = {"--task", "--tasks"}, split = ",", defaultValue = "battery", paramLabel = "NAME[,NAME…]",
            description = "Tasks or groups (default: ${DEFAULT-VALUE}).")
    List<String> tasks;

    @Option(names = "--epochs", paramLabel = "N", description = "Head-training epochs (default: each task's own).")
    Integer epochs;

    @Option(names = "--ceiling", description = {"Also measure each task's ceiling: the strong encoder's best head over a",
            "small grid (every head the task admits, two learning rates, twice the epochs), chosen on validation.",
            "Costs about four to eight strong runs per task (pixelwise tasks: minutes each)."})
    boolean ceiling;

    @Option(names = "--out", defaultValue = "results/bench-battery", paramLabel = "DIR",
            description = "Where the records go; a rerun reads them instead of training again (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    DataRootOption data = new DataRootOption();

    @Mixin
    private CacheOption cache;

    @Override
    public Integer call() throws Exception {
        RepbenchCommand root = BenchCommand.root(spec);
        int threads = root.execution().threads();
        Torch.load();
        Torch.setNumThreads(threads);
        try (PluginRegistry registry = root.loadPlugins()) {
            List<EndTask> chosen = Usage.parse(spec, "--tasks", () -> TaskGroups.resolveAll(tasks, registry));
            System.out.printf("strong %s, random %s, %d threads, device %s%n", strong, random, threads,
                    root.execution().trainingDevice());
            BatteryBench.run(EncoderFiles.read(strong), EncoderFiles.read(random), chosen, data.path(), out, cache.folder(),
                    root.execution().trainingDevice(), threads, epochs, ceiling, System.out);
        }
        return 0;
    }
}
