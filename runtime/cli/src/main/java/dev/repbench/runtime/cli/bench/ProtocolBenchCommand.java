package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.runtime.cli.options.DataRootOption;

import dev.repbench.runtime.bench.BenchEncoders;
import dev.repbench.runtime.bench.ProtocolBench;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.cli.RepbenchCommand;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.TaskGroups;
import dev.repbench.torch.Torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code repbench bench protocol}: encoder passes and wall time of our protocol vs ViRB's per-epoch re-encoding. */
@Command(name = "protocol", mixinStandardHelpOptions = true,
        description = {"Evaluation time per task for one encoder, and our protocol (encoder once, heads on cached features)",
                "vs re-running the encoder every epoch as ViRB did for pixelwise tasks: encoder passes and wall time."})
final class ProtocolBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--encoder", paramLabel = "DIR|FILE.onnx",
            description = "The encoder (default: a seeded random-init ResNet-18 at 64 x 64, exported for the run).")
    Path encoder;

    @Option(names = {"--task", "--tasks"}, split = ",", defaultValue = "fmnist-cls,fmnist-seg", paramLabel = "NAME[,NAME…]",
            description = "Tasks or groups, e.g. battery (default: ${DEFAULT-VALUE}: one image-level, one pixelwise).")
    List<String> tasks;

    @Option(names = "--epochs", paramLabel = "N", description = "Head-training epochs (default: each task's own).")
    Integer epochs;

    @Mixin
    DataRootOption data = new DataRootOption();

    @Override
    public Integer call() throws Exception {
        RepbenchCommand root = BenchCommand.root(spec);
        int threads = root.execution().threads();
        Torch.load();
        Torch.setNumThreads(threads);
        try (PluginRegistry registry = root.loadPlugins()) {
            List<EndTask> chosen = Usage.parse(spec, "--tasks", () -> TaskGroups.resolveAll(tasks, registry));
            Path temp = Files.createTempDirectory("repbench-bench-encoder");
            try {
                LoadedEncoder loaded = encoder != null
                        ? EncoderFiles.read(encoder)
                        : BenchEncoders.randomInit("resnet18", 64, temp.resolve("encoder"));
                System.out.printf("encoder %s, %d threads, device %s%n", encoder != null ? encoder : "random-init resnet18 @64x64",
                        threads, root.execution().trainingDevice());
                ProtocolBench.run(loaded, chosen, data.path(), root.execution().trainingDevice(), threads, epochs, System.out);
            } finally {
                AtomicFiles.deleteTree(temp);
            }
        }
        return 0;
    }
}
