package dev.repbench.runtime.bench;

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
 * the same step in Debian's PyTorch, which links the same libtorch and BLAS: the ratio is the cost of driving
 * libtorch from Java.
 */
public final class TrainStepBench {
    /** Multiply-accumulates of one forward pass at 224×224 (torchvision's published GFLOPS figures). */
    private static final double RESNET50_GMACS_224 = 4.09;
    private static final double RESNET18_GMACS_224 = 1.81;

    public record Config(String arch, int batch, int size, int threads, int warmup, int steps, Path python) {
    }

    public record Result(double javaImagesPerSecond, double pytorchImagesPerSecond, double trainGflopPerImage) {
        double ratio() {
            return javaImagesPerSecond / pytorchImagesPerSecond;
        }
    }

    private TrainStepBench() {
    }

    public static Result run(Config config, double fmaPeakGflops, PrintStream out) throws IOException, InterruptedException {
        double java = javaImagesPerSecond(config);
        double pytorch = config.python() == null ? Double.NaN : pytorchImagesPerSecond(config);
        double gmacs = (config.arch().equals("resnet50") ? RESNET50_GMACS_224 : RESNET18_GMACS_224)
                * (config.size() / 224.0) * (config.size() / 224.0);
        // Training costs about three forward passes (forward, gradient w.r.t. activations and w.r.t. weights).
        double gflopPerImage = 3 * 2 * gmacs;
        Result r = new Result(java, pytorch, gflopPerImage);
        out.printf("%s training step, batch %d, %dx%d, %d threads (median of %d steps after %d warm-up):%n",
                config.arch(), config.batch(), config.size(), config.size(), config.threads(), config.steps(), config.warmup());
        out.printf("  RepBench (Java, FFM)   %7.2f img/s   %5.1f GFLOP/s   %4.1f %% of FMA peak%n",
                java, java * gflopPerImage, 100 * java * gflopPerImage / fmaPeakGflops);
        if (config.python() != null) {
            out.printf("  PyTorch (same libtorch) %6.2f img/s   %5.1f GFLOP/s   %4.1f %% of FMA peak%n",
                    pytorch, pytorch * gflopPerImage, 100 * pytorch * gflopPerImage / fmaPeakGflops);
            out.printf("  ratio Java / PyTorch    %6.3f   (goal >= 0.95)%n", r.ratio());
        }
        return r;
    }

    private static double javaImagesPerSecond(Config config) {
        Torch.setNumThreads(config.threads());
        Torch.manualSeed(0);
        // the step is torchvision's classifier step, which the PyTorch baseline runs too: a ResNet with its fc
        try (ResNet model = (ResNet) ArchitectureRegistry.installed().get(config.arch()).build(1000);
             Optimizer sgd = new SGD(ParameterGroup.all(model.parameters()),
                     SGD.Options.of(0.01).momentum(0.9).weightDecay(1e-4));
             Scope data = Scope.open()) {
            model.train(true);
            Tensor images = Tensor.randn(config.batch(), 3, config.size(), config.size());
            Tensor labels = Tensor.randint(0, 1000, config.batch());
            Runnable step = () -> {
                sgd.zeroGrad();
                try (Scope s = Scope.open()) {
                    Tensor loss = Functional.crossEntropy(model.forward(images).logits(), labels);
                    loss.backward();
                }
                sgd.step();
            };
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
    }

    private static double pytorchImagesPerSecond(Config config) throws IOException, InterruptedException {
        return PythonBaseline.imagesPerSecond(config.python(), "pytorch_train_step.py", config.batch(), List.of(config.arch(),
                "" + config.batch(), "" + config.size(), "" + config.threads(), "" + config.warmup(), "" + config.steps(), "0"));
    }
}
