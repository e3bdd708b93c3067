package dev.repbench.runtime.bench;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.cli.RepbenchCommand;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.TaskGroups;
import dev.repbench.torch.Torch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;


/** {@code repbench bench}: benchmarks that print ratios against baselines measured in the same run. */
@Command(name = "bench", description = "Benchmarks with baselines measured in the same run.",
        mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.TorchBench.class, BenchCommand.FeaturesBenchCommand.class, BenchCommand.ProtocolBenchCommand.class})
public final class BenchCommand {

    /** {@code repbench bench torch}: the cost of libtorch through FFM. */
    @Command(name = "torch", mixinStandardHelpOptions = true,
            description = "Per-call overhead of the boxed dispatcher path, and a ResNet training step vs PyTorch.")
    static final class TorchBench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BenchOptions model = new BenchOptions();

        @Option(names = "--overhead-only", description = "Only the per-call overhead benchmark.")
        boolean overheadOnly;

        @Override
        public Integer call() throws Exception {
            model.validate(spec);
            PrintStream out = System.out;
            int threads = ((RepbenchCommand) spec.root().userObject()).execution().threads();
            Torch.load();
            Torch.setNumThreads(threads);
            out.printf("libtorch %s, %d threads, BLAS %s, OPENBLAS_CORETYPE=%s%n", Torch.version(), Torch.numThreads(),
                    new dev.repbench.runtime.version.BlasVersion().version(), System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
            DispatcherOverheadBench.run(out);
            if (overheadOnly) {
                return 0;
            }
            double peak = FmaPeak.gflops(threads, 1.0);
            out.printf("%nFMA peak measured in this process: %.0f GFLOP/s float32 on %d threads%n", peak, threads);
            TrainStepBench.run(new TrainStepBench.Config(model.arch, model.batch, model.size, threads, model.warmup, model.steps,
                    model.baseline()), peak, out);
            return 0;
        }
    }

    /** {@code repbench bench features}: feature extraction throughput against ONNX Runtime alone and PyTorch. */
    @Command(name = "features", mixinStandardHelpOptions = true,
            description = {"Feature extraction throughput: (a) ONNX Runtime alone on ready inputs, (b) end to end from",
                    "Fashion-MNIST through the pipeline into the cache, (c) PyTorch eager; and (b)/(a)."})
    static final class FeaturesBenchCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        BenchOptions model = new BenchOptions();

        @Option(names = "--images", defaultValue = "256", description = "Images extracted end to end (default: ${DEFAULT-VALUE}).")
        int images;



        @Option(names = "--rounds", defaultValue = "2",
                description = "Rounds of (a) then (b); the best of each is reported (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--workers", description = "Loader threads of (b) (default: one per two processors, 1 to 4).")
        Integer workers;

        @Option(names = "--data-root", defaultValue = dev.repbench.runtime.data.FashionMnist.DEBIAN_ROOT,
                description = "Fashion-MNIST folder (default: ${DEFAULT-VALUE}).")
        Path dataRoot;



        @Override
        public Integer call() throws Exception {
            model.validate(spec);
            if (images < 1 || rounds < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--images and --rounds are 1 or more");
            }
            PrintStream out = System.out;
            int threads = ((RepbenchCommand) spec.root().userObject()).execution().threads();
            Torch.load();
            double peak = FmaPeak.gflops(threads, 1.0);
            out.printf("FMA peak measured in this process: %.0f GFLOP/s float32 on %d threads (low when the machine is busy)%n",
                    peak, threads);
            int loaders = workers == null ? dev.repbench.runtime.features.FeatureExtractor.Settings.defaultWorkers() : workers;
            FeaturesBench.run(new FeaturesBench.Config(model.arch, model.batch, model.size, threads, images, model.warmup,
                    model.steps, rounds, loaders, dataRoot, model.baseline()), peak, out);
            return 0;
        }
    }

    /** {@code repbench bench protocol}: encoder passes and wall time of our protocol vs ViRB's per-epoch re-encoding. */
    @Command(name = "protocol", mixinStandardHelpOptions = true,
            description = {"Evaluation time per task for one encoder, and our protocol (encoder once, heads on cached features)",
                    "vs re-running the encoder every epoch as ViRB did for pixelwise tasks: encoder passes and wall time."})
    static final class ProtocolBenchCommand implements Callable<Integer> {
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

        @Option(names = "--data-root", defaultValue = dev.repbench.runtime.data.FashionMnist.DEBIAN_ROOT, paramLabel = "DIR",
                description = "Data root (default: ${DEFAULT-VALUE}).")
        Path dataRoot;

        @Override
        public Integer call() throws Exception {
            RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
            int threads = root.execution().threads();
            Torch.load();
            Torch.setNumThreads(threads);
            try (PluginRegistry registry = root.loadPlugins()) {
                List<EndTask> chosen = new ArrayList<>();
                for (String name : tasks) {
                    chosen.addAll(TaskGroups.resolve(name, registry).orElseThrow(() ->
                            new CommandLine.ParameterException(spec.commandLine(), "--tasks: '" + name
                                    + "' is neither a task nor a group; see repbench list tasks")));
                }
                Path temp = Files.createTempDirectory("repbench-bench-encoder");
                try {
                    LoadedEncoder loaded = encoder != null
                            ? EncoderFiles.read(encoder)
                            : FeaturesBench.exportEncoder("resnet18", 64, temp.resolve("encoder"));
                    System.out.printf("encoder %s, %d threads, device %s%n", encoder != null ? encoder : "random-init resnet18 @64x64",
                            threads, root.execution().device());
                    ProtocolBench.run(loaded, chosen, dataRoot, root.execution().device(), threads, epochs, System.out);
                } finally {
                    try (var paths = Files.walk(temp)) {
                        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
            return 0;
        }
    }
}
