package dev.repbench.runtime.bench;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.nn.TrainingPrecision;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import dev.repbench.torch.optim.Optimizer;
import dev.repbench.torch.optim.ParameterGroup;
import dev.repbench.torch.optim.SGD;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One ResNet training step (forward, cross-entropy, backward, SGD with momentum) through the torch layer, in fp32
 * and bf16, against the same step in Debian's PyTorch, which links the same libtorch and BLAS, all in one run:
 * <ul>
 *   <li>RepBench fp32 NCHW: the path every step took before channels-last and bf16;</li>
 *   <li>RepBench fp32 channels-last and bf16 channels-last: what {@link TrainingPrecision} runs on the CPU;</li>
 *   <li>PyTorch fp32 NCHW (its default) and bf16 autocast + channels-last (its best CPU setting).</li>
 * </ul>
 * Each line gives the GFLOP/s the step reaches and, on the CPU, its fraction of the CPU's peak measured in this
 * process: the FMA peak for fp32, the bf16 dot-product peak for bf16. On a GPU ({@code --device cuda}) both sides train
 * on the GPU (PyTorch's whose libtorch the shim was built against), each step waiting for its kernels before the clock
 * stops; bf16 runs there where the GPU has bf16 tensor cores.
 */
public final class TrainStepBench {
    /**
     * @param device where both sides train: the CPU, or a GPU (each step then waits for its kernels before the clock
     *               stops, since CUDA queues them asynchronously)
     * @param python the interpreter of the PyTorch side, or null to skip it
     */
    public record Config(String arch, int batch, int size, int threads, int warmup, int steps, Device device, Path python) {
    }

    /**
     * The CPU's ceilings measured in this process: FMA for fp32 (NaN when not measured, as on a GPU), the bf16 dot
     * product where the CPU has it.
     */
    public record Peaks(double fp32Gflops, OptionalDouble bf16Gflops) {
        /** No peak: a GPU's figures are not compared with the CPU's. */
        public static Peaks none() {
            return new Peaks(Double.NaN, OptionalDouble.empty());
        }
    }

    /**
     * One measured setting.
     *
     * @param who          RepBench or PyTorch
     * @param precision    fp32 or bf16
     * @param channelsLast the memory order
     * @param imagesPerSecond the median step's images per second (NaN when not measured)
     */
    public record Line(String who, Precision precision, boolean channelsLast, double imagesPerSecond) {
        String setting() {
            return precision + (channelsLast ? " channels-last" : " NCHW");
        }
    }

    /** Every line measured, in the order printed. */
    public record Result(List<Line> lines, double trainGflopPerImage) {
        /** @return the images per second of one setting, NaN when it was not measured */
        public double imagesPerSecond(String who, Precision precision, boolean channelsLast) {
            return lines.stream().filter(l -> l.who().equals(who) && l.precision() == precision && l.channelsLast() == channelsLast)
                    .mapToDouble(Line::imagesPerSecond).findFirst().orElse(Double.NaN);
        }
    }

    static final String REPBENCH = "RepBench";
    static final String PYTORCH = "PyTorch";

    private TrainStepBench() {
    }

    /**
     * The training GFLOP of one image: about three forward passes (forward, gradients of activations and of weights),
     * from the forward GMACs the architecture registry states.
     *
     * @throws IllegalArgumentException if it states none for {@code arch}
     */
    public static double trainGflopPerImage(String arch, int size) {
        return 3 * 2 * BenchArchitectures.forwardGmacs(arch, size);
    }

    public static Result run(Config config, Peaks peaks, PrintStream out) throws IOException, InterruptedException {
        boolean bf16 = TrainingPrecision.of(Precision.BF16, config.device()).effective() == Precision.BF16;
        List<Line> lines = new ArrayList<>();
        lines.add(new Line(REPBENCH, Precision.FP32, false, javaImagesPerSecond(config, Precision.FP32, false)));
        lines.add(new Line(REPBENCH, Precision.FP32, true, javaImagesPerSecond(config, Precision.FP32, true)));
        lines.add(new Line(REPBENCH, Precision.BF16, true, bf16 ? javaImagesPerSecond(config, Precision.BF16, true) : Double.NaN));
        if (config.python() != null) {
            lines.add(new Line(PYTORCH, Precision.FP32, false, pytorchImagesPerSecond(config, Precision.FP32, false)));
            lines.add(new Line(PYTORCH, Precision.BF16, true, bf16 ? pytorchImagesPerSecond(config, Precision.BF16, true) : Double.NaN));
        }
        Result result = new Result(List.copyOf(lines), trainGflopPerImage(config.arch(), config.size()));
        print(config, peaks, result, out);
        return result;
    }

    private static void print(Config config, Peaks peaks, Result r, PrintStream out) {
        out.printf(Locale.ROOT, "%s training step on %s, batch %d, %dx%d, %d threads (median of %d steps after %d warm-up),"
                + " %.2f GFLOP/image:%n", config.arch(), config.device(), config.batch(), config.size(), config.size(), config.threads(), config.steps(), config.warmup(),
                r.trainGflopPerImage());
        for (Line line : r.lines()) {
            if (Double.isNaN(line.imagesPerSecond())) {
                out.printf("  %-9s %-19s not measured (no native bf16 on %s)%n", line.who(), line.setting(), config.device());
                continue;
            }
            double gflops = line.imagesPerSecond() * r.trainGflopPerImage();
            OptionalDouble peak = line.precision() == Precision.BF16 ? peaks.bf16Gflops()
                    : Double.isNaN(peaks.fp32Gflops()) ? OptionalDouble.empty() : OptionalDouble.of(peaks.fp32Gflops());
            String ofPeak = peak.isPresent() ? String.format(Locale.ROOT, "%5.1f %% of %s peak", 100 * gflops / peak.getAsDouble(),
                    line.precision() == Precision.BF16 ? "bf16 dot" : "FMA") : "";
            out.printf(Locale.ROOT, "  %-9s %-19s %7.2f img/s  %6.1f GFLOP/s  %s%n", line.who(), line.setting(),
                    line.imagesPerSecond(), gflops, ofPeak);
        }
        double oldPath = r.imagesPerSecond(REPBENCH, Precision.FP32, false);
        double ours = r.imagesPerSecond(REPBENCH, Precision.BF16, true);
        out.printf(Locale.ROOT, "  RepBench bf16 channels-last / RepBench fp32 NCHW     %6.2f x   (goal >= 4)%n", ours / oldPath);
        out.printf(Locale.ROOT, "  RepBench fp32 channels-last / RepBench fp32 NCHW     %6.2f x%n",
                r.imagesPerSecond(REPBENCH, Precision.FP32, true) / oldPath);
        if (config.python() != null) {
            out.printf(Locale.ROOT, "  RepBench bf16 channels-last / PyTorch bf16 ch.-last  %6.3f   (goal >= 0.95)%n",
                    ours / r.imagesPerSecond(PYTORCH, Precision.BF16, true));
            out.printf(Locale.ROOT, "  RepBench fp32 NCHW / PyTorch fp32 NCHW                %6.3f%n",
                    oldPath / r.imagesPerSecond(PYTORCH, Precision.FP32, false));
        }
    }

    /**
     * The step as the kit's loop takes it: networks and input prepared, forward and loss autocast, the rest outside.
     * {@code channelsLast} puts the model and the input in channels-last order whatever the precision.
     */
    public static double javaImagesPerSecond(Config config, Precision precision, boolean channelsLast) {
        Torch.setNumThreads(config.threads());
        Torch.manualSeed(0);
        Device device = config.device();
        TrainingPrecision training = TrainingPrecision.of(precision, device);
        // the step is torchvision's classifier step, which the PyTorch baseline runs too: a ResNet with its fc
        try (ResNet model = (ResNet) ArchitectureRegistry.installed().get(config.arch()).build(1000);
             Scope data = Scope.open()) {
            model.to(device); // before the optimiser takes the parameters: moving makes new tensors
            if (channelsLast) {
                model.toChannelsLast(); // so do these
            }
            model.train(true);
            Tensor randomImages = Tensor.randn(config.batch(), 3, config.size(), config.size()).to(device);
            Tensor images = channelsLast ? randomImages.toChannelsLast() : randomImages;
            Tensor labels = Tensor.randint(0, 1000, config.batch()).to(device);
            try (Optimizer sgd = new SGD(ParameterGroup.all(model.parameters()),
                    SGD.Options.of(0.01).momentum(0.9).weightDecay(1e-4))) {
                Runnable step = () -> {
                    sgd.zeroGrad();
                    try (Scope s = Scope.open()) {
                        Tensor loss;
                        try (TrainingPrecision.Region autocast = training.autocast()) {
                            loss = Functional.crossEntropy(model.forward(images).logits(), labels);
                        }
                        loss.backward();
                    }
                    sgd.step();
                    Torch.synchronize(device);
                };
                return Timing.itemsPerSecond(step, config.warmup(), config.steps(), config.batch());
            }
        }
    }

    private static double pytorchImagesPerSecond(Config config, Precision precision, boolean channelsLast)
            throws IOException, InterruptedException {
        return PythonBaseline.imagesPerSecond(config.python(), "pytorch_train_step.py", config.batch(), List.of(config.arch(),
                "" + config.batch(), "" + config.size(), "" + config.threads(), "" + config.warmup(), "" + config.steps(),
                channelsLast ? "1" : "0", config.device().toString(), precision.toString()));
    }
}
