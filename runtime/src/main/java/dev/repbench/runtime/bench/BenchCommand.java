package dev.repbench.runtime.bench;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.cli.RepbenchCommand;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.TaskGroups;
import dev.repbench.torch.Torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;


/** {@code repbench bench}: benchmarks that print ratios against baselines measured in the same run. */
@Command(name = "bench", description = "Benchmarks with baselines measured in the same run.",
        mixinStandardHelpOptions = true,
        subcommands = {BenchCommand.TorchBench.class, BenchCommand.FeaturesBenchCommand.class,
                BenchCommand.CkaBenchCommand.class, BenchCommand.ProtocolBenchCommand.class,
                BenchCommand.PretrainBenchCommand.class})
public final class BenchCommand {

    /** @return the {@code repbench} command the bench subcommand {@code spec} runs under, with its execution options */
    private static RepbenchCommand root(CommandSpec spec) {
        return (RepbenchCommand) spec.root().userObject();
    }

    /** @return the loader threads of a {@code --workers} option: as given, else one per two processors, 1 to 4 */
    private static int loaders(Integer workers) {
        return workers == null ? dev.repbench.runtime.features.FeatureExtractor.Settings.defaultWorkers() : workers;
    }

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
            int threads = root(spec).execution().threads();
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
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--images and --rounds are 1 or more");
            }
            PrintStream out = System.out;
            int threads = root(spec).execution().threads();
            Torch.load();
            double peak = FmaPeak.gflops(threads, 1.0);
            out.printf("FMA peak measured in this process: %.0f GFLOP/s float32 on %d threads (low when the machine is busy)%n",
                    peak, threads);
            int loaders = loaders(workers);
            FeaturesBench.run(new FeaturesBench.Config(model.arch, model.batch, model.size, threads, images, model.warmup,
                    model.steps, rounds, loaders, dataRoot, model.baseline()), peak, out);
            return 0;
        }
    }

    /** {@code repbench bench cka}: CKA over all block pairs, Gram work against the forward pass. */
    @Command(name = "cka", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"CKA over all pairs of a random-init ResNet's block outputs: wall time split into the",
                    "encoder's forward pass and the Gram work (goal < 25 %), against the feature-space form ViRB used."})
    static final class CkaBenchCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--arch", defaultValue = "resnet50", description = "resnet50 or resnet18 (default: ${DEFAULT-VALUE}).")
        String arch;

        @Option(names = "--images", defaultValue = "10000", description = "Images (default: ${DEFAULT-VALUE}, the study's).")
        int images;

        @Option(names = "--batch", defaultValue = "32", description = "Images per CKA minibatch (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--size", defaultValue = "112", description = "Image side (default: ${DEFAULT-VALUE}, the study's).")
        int size;

        @Option(names = "--warmup", defaultValue = "1", description = "Warm-up batches per timing (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--steps", defaultValue = "3", description = "Timed batches per timing (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--subset", defaultValue = "512",
                description = "Images in the feature-space BLAS timing (default: ${DEFAULT-VALUE}).")
        int subset;

        @Option(names = "--workers", description = "Loader threads (default: one per two processors, 1 to 4).")
        Integer workers;

        @Option(names = "--data-root", defaultValue = dev.repbench.runtime.data.FashionMnist.DEBIAN_ROOT,
                description = "Fashion-MNIST folder (default: ${DEFAULT-VALUE}).")
        Path dataRoot;

        @Override
        public Integer call() throws Exception {
            if (!arch.equals("resnet50") && !arch.equals("resnet18")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--arch must be resnet50 or resnet18, got " + arch);
            }
            if (batch < 4 || images < batch || size < 32 || steps < 1 || warmup < 0 || subset < 1) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch is 4 or more, --images at"
                        + " least one batch, --size 32 or more, --steps and --subset 1 or more, --warmup 0 or more");
            }
            int threads = root(spec).execution().threads();
            Torch.load();
            int loaders = loaders(workers);
            CkaBench.run(new CkaBench.Config(arch, images, batch, size, threads, loaders, warmup, steps, subset, dataRoot),
                    System.out);
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
            RepbenchCommand root = root(spec);
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
                            : BenchEncoders.randomInit("resnet18", 64, temp.resolve("encoder"));
                    System.out.printf("encoder %s, %d threads, device %s%n", encoder != null ? encoder : "random-init resnet18 @64x64",
                            threads, root.execution().device());
                    ProtocolBench.run(loaded, chosen, dataRoot, root.execution().device(), threads, epochs, System.out);
                } finally {
                    BenchFiles.deleteTree(temp);
                }
            }
            return 0;
        }
    }

    /** {@code repbench bench pretrain}: pretraining throughput per algorithm, and plugins' steps against PyTorch. */
    @Command(name = "pretrain", mixinStandardHelpOptions = true,
            description = {"Pretraining throughput of every algorithm (the whole step through the SPI), and each plugin's",
                    "step against its reference implementation measured in the same run (MoCo v2 vs PyTorch)."})
    static final class PretrainBenchCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--algorithms", split = ",", paramLabel = "NAME[,NAME…]", description = "Only these (default: all).")
        List<String> algorithms = List.of();

        @Option(names = "--batch", defaultValue = "64", description = "Images per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--size", defaultValue = "32", description = "Image side (default: ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--steps", defaultValue = "6", description = "Steps per algorithm and per reference (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with torch (default: ${DEFAULT-VALUE}).")
        Path python;

        @Option(names = "--data-root", defaultValue = dev.repbench.runtime.data.FashionMnist.DEBIAN_ROOT, paramLabel = "DIR",
                description = "Fashion-MNIST folder (default: ${DEFAULT-VALUE}).")
        Path dataRoot;

        @Override
        public Integer call() throws Exception {
            if (batch < 8 || size < 8 || steps < 2) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--batch and --size are 8 or more, --steps 2 or more");
            }
            RepbenchCommand root = root(spec);
            int threads = root.execution().threads();
            Torch.load();
            Torch.setNumThreads(threads);
            try (PluginRegistry registry = root.loadPlugins()) {
                PretrainBench.run(registry, algorithms, batch, size, steps, root.execution().device(), threads, dataRoot,
                        new dev.repbench.plugins.kit.bench.BaselineBenchmark.Settings(batch, size, threads, 1, steps, python),
                        System.out);
            }
            return 0;
        }
    }
}
