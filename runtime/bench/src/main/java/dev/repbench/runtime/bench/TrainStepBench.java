package dev.repbench.runtime.bench;

import dev.repbench.api.Device;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import dev.repbench.torch.optim.Optimizer;
import dev.repbench.torch.optim.ParameterGroup;
import dev.repbench.torch.optim.SGD;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One ResNet training step (forward, cross-entropy, backward, SGD with momentum) through the torch layer, against
 * the same step in PyTorch on the same device (Debian's, which links the same libtorch and BLAS; on a GPU machine its
 * own PyTorch, whose libtorch the shim was built against): the ratio is the cost of driving libtorch from Java.
 */
public final class TrainStepBench {
    /** Multiply-accumulates of one forward pass at 224×224 (torchvision's published GFLOPS figures). */
    private static final double RESNET50_GMACS_224 = 4.09;
    private static final double RESNET18_GMACS_224 = 1.81;

    /**
     * @param device where both sides train: the CPU, or a GPU (each step then waits for its kernels before the clock
     *               stops, since CUDA queues them asynchronously)
     * @param python the interpreter of the PyTorch side, or null to skip it
     */
    public record Config(String arch, int batch, int size, int threads, int warmup, int steps, Device device, Path python) {
    }

    public record Result(double javaImagesPerSecond, double pytorchImagesPerSecond, double trainGflopPerImage) {
        double ratio() {
            return javaImagesPerSecond / pytorchImagesPerSecond;
        }
    }

    private TrainStepBench() {
    }

    /**
     * @param fmaPeakGflops the CPU's measured FMA peak, which CPU figures are reported against; NaN on a GPU
     */
    public static Result run(Config config, double fmaPeakGflops, PrintStream out) throws IOException, InterruptedException {
        double java = javaImagesPerSecond(config);
        double pytorch = config.python() == null ? Double.NaN : pytorchImagesPerSecond(config);
        double gmacs = (config.arch().equals("resnet50") ? RESNET50_GMACS_224 : RESNET18_GMACS_224)
                * (config.size() / 224.0) * (config.size() / 224.0);
        // Training costs about three forward passes (forward, gradient w.r.t. activations and w.r.t. weights).
        double gflopPerImage = 3 * 2 * gmacs;
        Result r = new Result(java, pytorch, gflopPerImage);
        out.printf("%s training step on %s, batch %d, %dx%d, %d threads (median of %d steps after %d warm-up):%n",
                config.arch(), config.device(), config.batch(), config.size(), config.size(), config.threads(), config.steps(),
                config.warmup());
        out.println("  RepBench (Java, FFM)    " + throughput(java, gflopPerImage, fmaPeakGflops));
        if (config.python() != null) {
            out.println("  PyTorch (same libtorch) " + throughput(pytorch, gflopPerImage, fmaPeakGflops));
            out.printf("  ratio Java / PyTorch    %6.3f   (goal >= 0.95)%n", r.ratio());
        }
        return r;
    }

    /** Images/s and GFLOP/s, and the share of the CPU's FMA peak when there is one. */
    private static String throughput(double imagesPerSecond, double gflopPerImage, double fmaPeakGflops) {
        String line = String.format("%7.2f img/s   %7.1f GFLOP/s", imagesPerSecond, imagesPerSecond * gflopPerImage);
        return Double.isNaN(fmaPeakGflops) ? line
                : line + String.format("   %4.1f %% of FMA peak", 100 * imagesPerSecond * gflopPerImage / fmaPeakGflops);
    }

    private static double javaImagesPerSecond(Config config) {
        Torch.setNumThreads(config.threads());
        Torch.manualSeed(0);
        // the step is torchvision's classifier step, which the PyTorch baseline runs too: a ResNet with its fc
        Device device = config.device();
        try (ResNet model = (ResNet) ArchitectureRegistry.installed().get(config.arch()).build(1000);
             Scope data = Scope.open()) {
            model.to(device); // before the optimiser takes the parameters: moving makes new tensors
            model.train(true);
            Tensor images = Tensor.randn(config.batch(), 3, config.size(), config.size()).to(device);
            Tensor labels = Tensor.randint(0, 1000, config.batch()).to(device);
            try (Optimizer sgd = new SGD(ParameterGroup.all(model.parameters()),
                    SGD.Options.of(0.01).momentum(0.9).weightDecay(1e-4))) {
                Runnable step = () -> {
                    sgd.zeroGrad();
                    try (Scope s = Scope.open()) {
                        Tensor loss = Functional.crossEntropy(model.forward(images).logits(), labels);
                        loss.backward();
                    }
                    sgd.step();
                    Torch.synchronize(device);
                };
                return imagesPerSecond(step, config);
            }
        }
    }

    /** Runs the warm-up steps, then times each measured step: the batch over the median step. */
    private static double imagesPerSecond(Runnable step, Config config) {
        for (int i = 0; i < config.warmup(); i++) {
            step.run();
        }
        double[] seconds = new double[config.steps()];
        for (int i = 0; i < config.steps(); i++) {
            long start = System.nanoTime();
            step.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        return config.batch() / Timing.median(seconds);
    }

    private static double pytorchImagesPerSecond(Config config) throws IOException, InterruptedException {
        return PythonBaseline.imagesPerSecond(config.python(), "pytorch_train_step.py", config.batch(), List.of(config.arch(),
                "" + config.batch(), "" + config.size(), "" + config.threads(), "" + config.warmup(), "" + config.steps(), "0",
                config.device().toString()));
    }
}
