package dev.repbench.runtime.bench;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.tasks.heads.DeepLabV3PlusHead;
import dev.repbench.tasks.heads.Pyramid;
import dev.repbench.tasks.heads.SiameseUNetHead;
import dev.repbench.tasks.heads.UNetHead;
import dev.repbench.tasks.losses.Losses;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.TrainingPrecision;
import dev.repbench.torch.nn.arch.ArchitectureLayout;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import dev.repbench.torch.optim.Adam;
import dev.repbench.torch.optim.AdamOptions;
import dev.repbench.torch.optim.ParameterGroup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One training step of each pixelwise head (DeepLabv3+, U-Net, Siamese U-Net) on random block pyramids of an
 * architecture, as the pixelwise protocol takes it (Adam at the study's 3e-4, the forward autocast, the loss in
 * float32), in RepBench fp32 NCHW and bf16 channels-last, against the same heads in PyTorch
 * ({@code pytorch_head_step.py}: fp32 NCHW and bf16 autocast + channels-last), all in one run. It says which heads
 * gain from bf16 on this machine, and whether RepBench's step is PyTorch's: a head that loses its memory order (as
 * DeepLabv3+ once did at ASPP's pooled branch, running its bf16 upsampling on libtorch's slow NCHW path) shows as a
 * bf16 ratio below PyTorch's.
 */
public final class HeadStepBench {
    /** The heads, by the names the command and the PyTorch twin take. */
    public enum HeadChoice {
        DEEPLAB("deeplabv3plus", 11), UNET("unet", 1), SIAMESE_UNET("siamese-unet", 2);

        private final String id;
        private final long outputs;

        HeadChoice(String id, long outputs) {
            this.id = id;
            this.outputs = outputs;
        }

        public String id() {
            return id;
        }

        /** Output channels, as the battery's task for the head: seg's 11 classes, depth's 1, flow's 2. */
        public long outputs() {
            return outputs;
        }

        /** @throws IllegalArgumentException naming the heads */
        public static HeadChoice fromId(String id) {
            return Arrays.stream(values()).filter(h -> h.id.equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                    "unknown head '" + id + "': use " + Arrays.stream(values()).map(HeadChoice::id).collect(Collectors.joining(", "))));
        }
    }

    /**
     * @param arch   the architecture whose block pyramid the heads read (its channels and strides)
     * @param size   the input side the pyramid stands for
     * @param python the interpreter of the PyTorch side, or null to skip it
     */
    public record Config(String arch, int size, int batch, int threads, int warmup, int steps, List<HeadChoice> heads,
                         Path python) {
    }

    /** One measured setting: samples per second over the median step (NaN when not measured). */
    public record Line(HeadChoice head, String who, Precision precision, double samplesPerSecond) {
    }

    static final String REPBENCH = "RepBench";
    static final String PYTORCH = "PyTorch";
    private static final double LEARNING_RATE = 3e-4;
    private static final long IGNORE_INDEX = 255;
    static final String PYTORCH_SCRIPT = "pytorch_head_step.py";

    private HeadStepBench() {
    }

    /** The block pyramid of a registered architecture. */
    public static Pyramid pyramidOf(String arch) {
        ArchitectureLayout layout = ArchitectureRegistry.installed().get(arch).layout();
        long[] channels = layout.blocks().stream().mapToLong(ArchitectureLayout.Block::channels).toArray();
        long[] strides = layout.blocks().stream().mapToLong(ArchitectureLayout.Block::stride).toArray();
        return Pyramid.of(channels, strides);
    }

    public static List<Line> run(Config config, PrintStream out) throws IOException, InterruptedException {
        Pyramid pyramid = pyramidOf(config.arch());
        boolean bf16 = TrainingPrecision.of(Precision.BF16, Device.CPU).effective() == Precision.BF16;
        out.printf(Locale.ROOT, "Pixelwise head training steps on %s's blocks at %dx%d (%s), batch %d, %d threads, Adam %.0e"
                        + " (median of %d steps after %d warm-up):%n", config.arch(), config.size(), config.size(),
                describe(pyramid), config.batch(), config.threads(), LEARNING_RATE, config.steps(), config.warmup());
        List<Line> lines = new ArrayList<>();
        for (HeadChoice head : config.heads()) {
            List<Line> rows = new ArrayList<>();
            rows.add(new Line(head, REPBENCH, Precision.FP32, javaSamplesPerSecond(config, pyramid, head, Precision.FP32)));
            rows.add(new Line(head, REPBENCH, Precision.BF16, bf16 ? javaSamplesPerSecond(config, pyramid, head, Precision.BF16) : Double.NaN));
            if (config.python() != null) {
                rows.add(new Line(head, PYTORCH, Precision.FP32, pytorchSamplesPerSecond(config, pyramid, head, Precision.FP32)));
                rows.add(new Line(head, PYTORCH, Precision.BF16, bf16 ? pytorchSamplesPerSecond(config, pyramid, head, Precision.BF16) : Double.NaN));
            }
            print(head, rows, out);
            lines.addAll(rows);
        }
        return List.copyOf(lines);
    }

    private static String describe(Pyramid pyramid) {
        List<String> blocks = new ArrayList<>();
        for (int k = 1; k <= pyramid.blocks(); k++) {
            blocks.add(pyramid.channels(k) + "@/" + pyramid.stride(k));
        }
        return "blocks " + String.join(", ", blocks);
    }

    private static void print(HeadChoice head, List<Line> rows, PrintStream out) {
        out.printf("  %s%n", head.id());
        for (Line line : rows) {
            String setting = line.precision() + (line.precision() == Precision.BF16 ? " channels-last" : " NCHW");
            if (Double.isNaN(line.samplesPerSecond())) {
                out.printf("    %-9s %-19s not measured (no native bf16 on this CPU)%n", line.who(), setting);
            } else {
                out.printf(Locale.ROOT, "    %-9s %-19s %8.2f samples/s%n", line.who(), setting, line.samplesPerSecond());
            }
        }
        double ours = ratio(rows, REPBENCH, Precision.BF16, REPBENCH, Precision.FP32);
        out.printf(Locale.ROOT, "    RepBench bf16 / RepBench fp32      %6.2f x%n", ours);
        if (rows.stream().anyMatch(l -> l.who().equals(PYTORCH))) {
            out.printf(Locale.ROOT, "    PyTorch bf16 / PyTorch fp32        %6.2f x%n", ratio(rows, PYTORCH, Precision.BF16, PYTORCH, Precision.FP32));
            out.printf(Locale.ROOT, "    RepBench bf16 / PyTorch bf16       %6.2f%n", ratio(rows, REPBENCH, Precision.BF16, PYTORCH, Precision.BF16));
            out.printf(Locale.ROOT, "    RepBench fp32 / PyTorch fp32       %6.2f%n", ratio(rows, REPBENCH, Precision.FP32, PYTORCH, Precision.FP32));
        }
    }

    private static double ratio(List<Line> rows, String whoA, Precision a, String whoB, Precision b) {
        return find(rows, whoA, a) / find(rows, whoB, b);
    }

    private static double find(List<Line> rows, String who, Precision precision) {
        return rows.stream().filter(l -> l.who().equals(who) && l.precision() == precision)
                .mapToDouble(Line::samplesPerSecond).findFirst().orElse(Double.NaN);
    }

    /** The step as {@code PixelwiseProtocol} takes it, on random blocks and targets. */
    static double javaSamplesPerSecond(Config config, Pyramid pyramid, HeadChoice choice, Precision precision) {
        Torch.setNumThreads(config.threads());
        Torch.manualSeed(0);
        TrainingPrecision training = TrainingPrecision.of(precision, Device.CPU);
        int frames = choice == HeadChoice.SIAMESE_UNET ? 2 : 1;
        int size = config.size();
        try (Module head = training.prepare(newHead(choice, pyramid)); Scope data = Scope.open();
             Adam adam = new Adam(ParameterGroup.all(head.parameters()), AdamOptions.adam(LEARNING_RATE))) {
            head.train(true);
            List<List<Tensor>> blocks = new ArrayList<>();
            for (int f = 0; f < frames; f++) {
                List<Tensor> frame = new ArrayList<>();
                for (int k = 1; k <= pyramid.blocks(); k++) {
                    long side = Math.ceilDiv(size, pyramid.stride(k));
                    frame.add(training.prepareInput(Tensor.randn(config.batch(), pyramid.channels(k), side, side)));
                }
                blocks.add(frame);
            }
            Tensor target = switch (choice) {
                case DEEPLAB -> Tensor.randint(0, choice.outputs(), config.batch(), size, size);
                case UNET -> Tensor.rand(config.batch(), 1, size, size).add(0.1);
                case SIAMESE_UNET -> Tensor.randn(config.batch(), 2, size, size);
            };
            Function<Tensor, Tensor> loss = switch (choice) {
                case DEEPLAB -> out -> Losses.pixelwiseCrossEntropy(out, target, IGNORE_INDEX);
                case UNET -> out -> Losses.depthL1(out, target);
                case SIAMESE_UNET -> out -> Losses.flowL1(out, target);
            };
            Runnable step = () -> {
                try (Scope s = Scope.open()) {
                    adam.zeroGrad();
                    Tensor output;
                    try (TrainingPrecision.Region autocast = training.autocast()) {
                        output = switch (head) {
                            case DeepLabV3PlusHead deepLab -> deepLab.forward(blocks.getFirst(), size, size);
                            case UNetHead unet -> unet.forward(blocks.getFirst(), size, size);
                            case SiameseUNetHead siamese -> siamese.forward(blocks.get(0), blocks.get(1), size, size);
                            default -> throw new IllegalStateException();
                        };
                    }
                    loss.apply(output.dtype() == DType.FLOAT32 ? output : output.to(DType.FLOAT32)).backward();
                    adam.step();
                }
            };
            return Timing.itemsPerSecond(step, config.warmup(), config.steps(), config.batch());
        }
    }

    private static double pytorchSamplesPerSecond(Config config, Pyramid pyramid, HeadChoice head, Precision precision)
            throws IOException, InterruptedException {
        return PythonBaseline.imagesPerSecond(config.python(), PYTORCH_SCRIPT, config.batch(),
                pytorchArguments(config, pyramid, head, precision));
    }

    /** The PyTorch twin's command-line arguments for one head and precision. */
    static List<String> pytorchArguments(Config config, Pyramid pyramid, HeadChoice head, Precision precision) {
        StringBuilder channels = new StringBuilder();
        StringBuilder strides = new StringBuilder();
        for (int k = 1; k <= pyramid.blocks(); k++) {
            channels.append(k > 1 ? "," : "").append(pyramid.channels(k));
            strides.append(k > 1 ? "," : "").append(pyramid.stride(k));
        }
        return List.of(head.id(), channels.toString(), strides.toString(), "" + config.size(), "" + config.batch(),
                "" + config.threads(), "" + config.warmup(), "" + config.steps(), precision.toString());
    }

    /** A fresh head of {@code choice} on {@code pyramid}, as the pixelwise protocol builds it. */
    static Module newHead(HeadChoice choice, Pyramid pyramid) {
        return switch (choice) {
            case DEEPLAB -> new DeepLabV3PlusHead(pyramid, choice.outputs());
            case UNET -> new UNetHead(pyramid, choice.outputs());
            case SIAMESE_UNET -> new SiameseUNetHead(pyramid, choice.outputs());
        };
    }
}
