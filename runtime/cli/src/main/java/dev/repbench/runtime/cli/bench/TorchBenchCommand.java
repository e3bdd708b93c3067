package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.bench.AdamStepBench;
import dev.repbench.runtime.bench.TrainStepBench;
import dev.repbench.torch.bench.Bf16DotPeak;
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
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

/** {@code repbench bench torch}: the cost of libtorch through FFM, on the CPU or a GPU ({@code --device}). */
@Command(name = "torch", mixinStandardHelpOptions = true,
        description = "Per-call overhead of the boxed dispatcher path; an Adam step over 6.2 M parameters, fused in the shim"
                + " against operator by operator; and a ResNet training step vs PyTorch on the same device in fp32 and bf16"
                + " (e.g. --arch resnet18-small --batch 128 --size 32), with the fraction of the CPU's fp32 FMA and bf16"
                + " dot-product peaks (--device cuda: both on the GPU; --python names the interpreter whose torch the shim"
                + " links).")
final class TorchBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions model = new BenchOptions();

    @Option(names = "--overhead-only", description = "Only the per-call overhead and Adam step benchmarks.")
    boolean overheadOnly;

    @Override
    public Integer call() throws Exception {
        model.validate(spec);
        PrintStream out = System.out;
        int threads = BenchCommand.root(spec).execution().threads();
        Torch.load();
        Device device = BenchCommand.root(spec).execution().trainingDevice();
        Torch.setNumThreads(threads);
        out.printf("libtorch %s, %d threads, BLAS %s%n", Torch.version(), Torch.numThreads(), new BlasVersion().version());
        if (device.isCuda()) {
            out.println(Torch.build().describe());
        }
        DispatcherOverheadBench.run(out);
        AdamStepBench.run(device, out);
        if (overheadOnly) {
            return 0;
        }
        TrainStepBench.Peaks peaks = TrainStepBench.Peaks.none(); // a GPU's figures are not compared with the CPU's peaks
        if (!device.isCuda()) {
            peaks = peaks(threads, out);
        } else {
            out.println();
        }
        TrainStepBench.run(new TrainStepBench.Config(model.arch, model.batch, model.size, threads, model.warmup, model.steps,
                device, model.baseline()), peaks, out);
        return 0;
    }

    /** Measures and prints the CPU's fp32 FMA and bf16 dot-product peaks on {@code threads} threads. */
    static TrainStepBench.Peaks peaks(int threads, PrintStream out) {
        double fma = FmaPeak.gflops(threads, 1.0);
        OptionalDouble bf16 = Bf16DotPeak.gflops(threads, 1.0);
        out.printf("%nPeaks measured in this process on %d threads: %.0f GFLOP/s fp32 FMA, %s; bf16 features: %s%n", threads, fma,
                bf16.isPresent() ? String.format("%.0f GFLOP/s bf16 dot product", bf16.getAsDouble()) : "no bf16 dot product",
                Torch.cpuBf16Features().isEmpty() ? "none" : String.join(", ", Torch.cpuBf16Features()));
        return new TrainStepBench.Peaks(fma, bf16);
    }
}
