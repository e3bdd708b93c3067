package dev.repbench.plugins.moco;

import dev.repbench.api.Device;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.plugins.kit.bench.PyTorchScript;
import dev.repbench.plugins.kit.train.StepInput;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The throughput of one MoCo v2 training step, RepBench's against PyTorch's, measured in the same run on the same
 * device: both encoders (resnet18-small or resnet50 with the MLP head), shuffled batch norm in groups, the InfoNCE
 * loss against a full queue of 65,536 keys, the SGD step, the momentum update and the enqueue. Augmentation is left
 * out on both sides; the inputs are fixed random images. PyTorch runs {@code moco_v2_step_pytorch.py} (shipped with
 * this class) under Debian's {@code python3-torch}, or on a GPU machine the PyTorch the shim was built against.
 *
 * <p>Run: {@code java -cp … dev.repbench.plugins.moco.MocoStepBenchmark} prints one JSON object.
 */
public final class MocoStepBenchmark {
    private static final String SCRIPT = "moco_v2_step_pytorch.py";
    private static final Pattern IMAGES_PER_SECOND = Pattern.compile("\"images_per_second\":\\s*([0-9.eE+-]+)");
    private static final long QUEUE_SIZE = 65_536;

    private MocoStepBenchmark() {
    }

    /**
     * What to measure.
     *
     * @param batchSize     images per step
     * @param imageSide     image side in pixels
     * @param threads       intra-op threads on both sides
     * @param warmupSteps   steps run before the clock starts
     * @param measuredSteps steps timed
     * @param python        the interpreter with torch (torchvision is used where installed)
     * @param architecture  {@code resnet18-small} or {@code resnet50}, the two the PyTorch side builds
     * @param device        where both sides train
     */
    public record Options(int batchSize, int imageSide, int threads, int warmupSteps, int measuredSteps, Path python,
                          String architecture, Device device) {
        /** The architectures the PyTorch side can build like RepBench's. */
        public static final List<String> ARCHITECTURES = List.of("resnet18-small", "resnet50");

        public Options {
            if (batchSize < 8 || imageSide < 8 || threads < 1 || warmupSteps < 0 || measuredSteps < 1) {
                throw new IllegalArgumentException("a MoCo step benchmark needs a batch of 8 or more, a side of 8 or more,"
                        + " 1 or more threads and measured steps; got " + this);
            }
            if (!ARCHITECTURES.contains(architecture)) {
                throw new IllegalArgumentException("the MoCo step benchmark compares " + ARCHITECTURES + ", not " + architecture);
            }
        }

        /** Batch 64, 32² images, 2 threads, 1 warm-up step and 5 measured steps, Debian's {@code /usr/bin/python3},
         *  resnet18-small on the CPU. */
        public static Options defaults() {
            return new Options(64, 32, 2, 1, 5, Path.of("/usr/bin/python3"), "resnet18-small", Device.CPU);
        }
    }

    /**
     * Images per second of each side, and their ratio.
     *
     * @param oursImagesPerSecond    RepBench's step
     * @param pytorchImagesPerSecond PyTorch's step
     */
    public record Result(double oursImagesPerSecond, double pytorchImagesPerSecond) {
        /** @return ours / PyTorch's: above 1 means RepBench is faster */
        public double ratio() {
            return oursImagesPerSecond / pytorchImagesPerSecond;
        }

        /** @return the result as one JSON object */
        public String toJson() {
            return String.format(Locale.ROOT, "{\"ours_images_per_second\": %.3f, \"pytorch_images_per_second\": %.3f,"
                    + " \"ratio_ours_over_pytorch\": %.3f}", oursImagesPerSecond, pytorchImagesPerSecond, ratio());
        }
    }

    /**
     * Measures PyTorch's step, then ours, one after the other in this process.
     *
     * @param options what to measure
     * @return both throughputs
     * @throws IOException if the PyTorch side cannot be run or fails
     */
    public static Result run(Options options) throws IOException {
        double pytorch = measurePytorch(options);
        double ours = measureOurs(options);
        return new Result(ours, pytorch);
    }

    /** @return RepBench's images per second for {@code options} */
    public static double measureOurs(Options options) {
        Torch.setNumThreads(options.threads());
        Torch.manualSeed(0);
        AlgorithmConfig config = new AlgorithmConfig(MocoSettings.defaults(MocoVariant.V2))
                .withOverrides(Map.of(MocoSettings.QUEUE_SIZE, QUEUE_SIZE));
        Device device = options.device();
        try (MocoMethod method = new MocoMethod(MocoSettings.from(config), options.architecture(),
                options.batchSize(), Integer.MAX_VALUE, (images, random) -> images, device);
             Scope _ = Scope.open()) {
            Tensor queryView = Tensor.rand(DType.FLOAT32, device, options.batchSize(), 3, options.imageSide(), options.imageSide());
            Tensor keyView = Tensor.rand(DType.FLOAT32, device, options.batchSize(), 3, options.imageSide(), options.imageSide());
            for (int step = 0; step < options.warmupSteps(); step++) {
                step(method, step, queryView, keyView, options.batchSize());
            }
            Torch.synchronize(device); // CUDA queues kernels: the clock starts when the warm-up has run
            long start = System.nanoTime();
            for (int step = 0; step < options.measuredSteps(); step++) {
                step(method, options.warmupSteps() + step, queryView, keyView, options.batchSize());
            }
            Torch.synchronize(device);
            double seconds = (System.nanoTime() - start) / 1e9;
            return options.batchSize() * (double) options.measuredSteps() / seconds;
        }
    }

    /** One step in the order the kit's loop drives a method. */
    private static void step(MocoMethod method, long step, Tensor queryView, Tensor keyView, int batchSize) {
        try (Scope _ = Scope.open()) {
            StepInput input = new StepInput(step, 0, List.of(queryView, keyView), null, new int[batchSize],
                    new SplittableRandom(step));
            method.optimizer().zeroGrad();
            Tensor loss = method.loss(input);
            loss.item();
            loss.backward();
            method.beforeOptimizerStep(input);
            method.optimizer().setLearningRate(0.03);
            method.optimizer().step();
            method.afterOptimizerStep(input);
        }
    }

    /** @return PyTorch's images per second for {@code options} */
    public static double measurePytorch(Options options) throws IOException {
        try (PyTorchScript script = PyTorchScript.extract(MocoStepBenchmark.class, SCRIPT)) {
            List<String> command = new ArrayList<>(List.of(options.python().toString(), script.file().toString(),
                    "--batch", Integer.toString(options.batchSize()), "--side", Integer.toString(options.imageSide()),
                    "--threads", Integer.toString(options.threads()), "--warmup", Integer.toString(options.warmupSteps()),
                    "--steps", Integer.toString(options.measuredSteps()), "--queue", Long.toString(QUEUE_SIZE),
                    "--arch", options.architecture(), "--device", options.device().toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Torch.exportNativeSettings(builder.environment());   // PyTorch's threads wait, and its BLAS sums, as RepBench's
            Process process = builder.start();
            // Reading to the end waits for the script; it runs for minutes on a loaded machine, so no time-out.
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException("the PyTorch side of the MoCo benchmark failed (" + String.join(" ", command)
                        + "); it needs torch for " + options.python() + " (Debian's python3-torch here). Output:\n" + output);
            }
            Matcher m = IMAGES_PER_SECOND.matcher(output);
            if (!m.find()) {
                throw new IOException("the PyTorch side of the MoCo benchmark printed no images_per_second:\n" + output);
            }
            return Double.parseDouble(m.group(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the PyTorch side of the MoCo benchmark ran", e);
        }
    }

    /**
     * Prints the result as JSON, with the settings, the machine's load average before and after (the figures are
     * only comparable on an otherwise idle machine) and the BLAS kernels both sides ran with.
     *
     * @param args none
     * @throws IOException if the PyTorch side fails
     */
    public static void main(String[] args) throws IOException {
        Options options = Options.defaults();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Result result = run(options);
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String kernels = Torch.blasKernels().replace("\\", "\\\\").replace("\"", "\\\"");
        String json = result.toJson();
        System.out.println(json.substring(0, json.length() - 1) + String.format(Locale.ROOT, ", \"batch\": %d, \"side\": %d,"
                + " \"threads\": %d, \"measured_steps\": %d, \"load_average_before\": %.2f, \"load_average_after\": %.2f,"
                + " \"blas_kernels\": \"%s\"}", options.batchSize(), options.imageSide(), options.threads(),
                options.measuredSteps(), loadBefore, loadAfter, kernels));
    }
}
