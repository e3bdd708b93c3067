package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.bench.TrainStepBench;
import dev.repbench.torch.bench.FmaPeak;
import dev.repbench.runtime.bench.DispatcherOverheadBench;

import dev.repbench.api.Device;
import dev.repbench.runtime.version.BlasVersion;
import dev.repbench.torch.Torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code repbench bench torch}: the cost of libtorch through FFM, on the CPU or a GPU ({@code --device}). */
@Command(name = "torch", mixinStandardHelpOptions = true,
        description = {"Per-call overhead of the boxed dispatcher path, and a ResNet training step vs PyTorch on the same",
                "device (--device cuda: both on the GPU; --python names the interpreter whose torch the shim links)."})
final class TorchBenchCommand implements Callable<Integer> {
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
        int threads = BenchCommand.root(spec).execution().threads();
        Torch.load();
        Device device = BenchCommand.root(spec).execution().trainingDevice();
        Torch.setNumThreads(threads);
        out.printf("libtorch %s, %d threads, BLAS %s, OPENBLAS_CORETYPE=%s%n", Torch.version(), Torch.numThreads(),
                new BlasVersion().version(), System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
        if (device.isCuda()) {
            out.println(Torch.build().describe());
        }
        DispatcherOverheadBench.run(out);
        if (overheadOnly) {
            return 0;
        }
        double peak = Double.NaN; // a GPU's figures are not compared with the CPU's FMA peak
        if (!device.isCuda()) {
            peak = FmaPeak.gflops(threads, 1.0);
            out.printf("%nFMA peak measured in this process: %.0f GFLOP/s float32 on %d threads%n", peak, threads);
        } else {
            out.println();
        }
        TrainStepBench.run(new TrainStepBench.Config(model.arch, model.batch, model.size, threads, model.warmup, model.steps,
                device, model.baseline()), peak, out);
        return 0;
    }
}
