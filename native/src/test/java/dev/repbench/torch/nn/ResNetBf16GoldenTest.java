package dev.repbench.torch.nn;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.torch.Autocast;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.Checkpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole encoder's bf16 training step — the small-image ResNet-18 prepared and autocast by {@link TrainingPrecision}, as
 * the kit's loop and the benches take it — against the same step by PyTorch ({@code torch.autocast("cpu",
 * dtype=torch.bfloat16)}, {@code src/test/python/make_resnet_bf16_golden.py}): loss, logits and gradients of eight
 * parameters from the stem to the classifier, NCHW and channels-last.
 *
 * <p>Tolerances (max|a − b| / max|b| unless said):
 * <ul>
 *   <li>RepBench bf16 against PyTorch bf16, the same recipe on the same libtorch kernels: {@value #SAME_RECIPE} for the
 *       logits and loss, {@value #SAME_RECIPE_GRADIENT} for gradients (float32 accumulation order may move a value across
 *       a bf16 rounding boundary, and the backward carries such a flip through up to 18 layers).</li>
 *   <li>bf16 against float32, the price of bf16 itself: the loss within {@value #BF16_LOSS} relative, the logits within
 *       {@value #BF16_LOGITS}; gradients by direction, cosine similarity at least {@value #BF16_GRADIENT_COSINE}. At
 *       initialisation the gradients of the early layers are small and noisy, and bf16's 8 significant bits move their
 *       largest entries by up to 58 % in PyTorch itself (cosine 0.926 to 0.944 for the stem and the first stages, 0.987
 *       and above from stage 4, 0.9997 for the classifier), so an elementwise bound would say nothing; the cosine says
 *       the step goes the same way.</li>
 *   <li>float32 against float32: {@value #FP32} for the loss and logits, {@value #FP32_GRADIENT} for gradients: fp32 is
 *       today's NCHW path, untouched by the precision work (measured: bit-identical to PyTorch). Had fp32 gone
 *       channels-last, the stem's and first stage's gradients would have moved by up to 2.7e-3.</li>
 * </ul>
 */
class ResNetBf16GoldenTest {
    static final double SAME_RECIPE = 1e-2;
    static final double SAME_RECIPE_GRADIENT = 5e-2;
    static final double BF16_LOSS = 5e-3;
    static final double BF16_LOGITS = 6e-2;
    static final double BF16_GRADIENT_COSINE = 0.9;
    static final double FP32 = 1e-4;
    static final double FP32_GRADIENT = 1e-3;
    private static final List<String> GRADIENTS = List.of("conv1.weight", "bn1.weight", "layer1.0.conv1.weight",
            "layer2.0.downsample.0.weight", "layer4.1.conv2.weight", "layer4.1.bn2.bias", "fc.weight", "fc.bias");

    private static Scope goldenScope;
    private static Map<String, Tensor> init;
    private static Map<String, Tensor> golden;

    @BeforeAll
    static void load() throws Exception {
        Torch.setNumThreads(2);
        Path folder = ReferencePython.generatedFolder("make_resnet_bf16_golden.py", "resnet-bf16-golden",
                "RESNET_BF16_COMPLETE", "1", 600);
        goldenScope = Scope.open();
        init = Checkpoints.load(folder.resolve("resnet_small_init.pt"));
        golden = Checkpoints.load(folder.resolve("resnet_small_step.pt"));
    }

    @AfterAll
    static void free() {
        goldenScope.close();
    }

    /** The precision with bf16 forced on (libtorch emulates it on a CPU without it): this checks arithmetic, not speed. */
    private static TrainingPrecision forced(Precision precision) {
        TrainingPrecision resolved = TrainingPrecision.resolve(precision, Device.CPU, true);
        assertEquals(precision, resolved.effective());
        assertEquals(precision == Precision.BF16, resolved.channelsLast(), "bf16 trains channels-last, fp32 NCHW");
        return resolved;
    }

    /**
     * RepBench's step, as the kit's loop takes it: prepare (channels-last unless {@code nchw}), autocast forward and
     * loss, backward outside.
     */
    private static Map<String, Tensor> step(Precision requested, boolean nchw) {
        TrainingPrecision precision = forced(requested);
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (ResNet model = ResNet.resnet18Small(10)) {
            model.loadStateDict(init, true);
            Tensor x = golden.get("input");
            if (!nchw) {
                precision.prepare(model);
                x = precision.prepareInput(x);
                assertEquals(precision.channelsLast(), x.isChannelsLast() && model.namedParameters().get("conv1.weight").isChannelsLast());
            }
            model.train(true);
            Tensor logits;
            Tensor loss;
            try (TrainingPrecision.Region r = precision.autocast()) {
                logits = model.forward(x).logits();
                loss = Functional.crossEntropy(logits, golden.get("target"));
            }
            assertFalse(Autocast.isEnabled(Device.CPU));
            loss.backward();
            out.put("logits", logits.detach().contiguous());
            out.put("loss", loss.detach());
            Map<String, Tensor> parameters = model.namedParameters();
            for (String name : GRADIENTS) {
                out.put("grad." + name, parameters.get(name).grad().contiguous().clone());
            }
        }
        return out;
    }

    private static double relative(Tensor actual, Tensor expected) {
        return actual.to(DType.FLOAT32).sub(expected.to(DType.FLOAT32)).abs().max().item()
                / expected.to(DType.FLOAT32).abs().max().item();
    }

    private static double cosine(Tensor a, Tensor b) {
        Tensor x = a.to(DType.FLOAT32).flatten(0, -1);
        Tensor y = b.to(DType.FLOAT32).flatten(0, -1);
        return x.mul(y).sum().item() / Math.sqrt(x.mul(x).sum().item() * y.mul(y).sum().item());
    }

    private static List<String> sameRecipe(String what, Map<String, Tensor> ours, String prefix, double forward, double gradient) {
        List<String> failures = new ArrayList<>();
        List<String> figures = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : ours.entrySet()) {
            double tolerance = e.getKey().startsWith("grad.") ? gradient : forward;
            Tensor expected = golden.get(prefix + "." + e.getKey());
            assertEquals(expected.dtype(), e.getValue().dtype(), what + " " + e.getKey() + " dtype");
            double error = relative(e.getValue(), expected);
            figures.add(e.getKey() + " " + String.format("%.1e", error));
            if (!(error <= tolerance)) {
                failures.add(e.getKey() + " " + String.format("%.2e", error) + " > " + tolerance);
            }
        }
        System.out.println(what + " (max|a-b|/max|b|): " + String.join(", ", figures));
        return failures;
    }

    @Test
    void bf16StepMatchesPyTorchsBf16Step() {
        try (Scope s = Scope.open()) {
            List<String> failures = sameRecipe("ResNet bf16 vs PyTorch bf16", step(Precision.BF16, true), "bf16",
                    SAME_RECIPE, SAME_RECIPE_GRADIENT);
            assertTrue(failures.isEmpty(), "the bf16 step differs from PyTorch's: " + failures);
        }
    }

    @Test
    void bf16ChannelsLastStepMatchesPyTorchs() {
        try (Scope s = Scope.open()) {
            List<String> failures = sameRecipe("ResNet bf16 channels-last vs PyTorch", step(Precision.BF16, false), "bf16_cl",
                    SAME_RECIPE, SAME_RECIPE_GRADIENT);
            assertTrue(failures.isEmpty(), "the bf16 channels-last step differs from PyTorch's: " + failures);
        }
    }

    @Test
    void bf16StaysWithinItsStatedToleranceOfFloat32() {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> ours = step(Precision.BF16, false);
            List<String> failures = new ArrayList<>();
            List<String> figures = new ArrayList<>();
            double loss = relative(ours.get("loss"), golden.get("fp32.loss"));
            double logits = relative(ours.get("logits"), golden.get("fp32.logits"));
            figures.add(String.format("loss %.1e, logits %.1e", loss, logits));
            if (!(loss <= BF16_LOSS)) {
                failures.add("loss " + loss);
            }
            if (!(logits <= BF16_LOGITS)) {
                failures.add("logits " + logits);
            }
            for (String name : GRADIENTS) {
                double cos = cosine(ours.get("grad." + name), golden.get("fp32.grad." + name));
                figures.add(String.format("%s cos %.4f", name, cos));
                if (!(cos >= BF16_GRADIENT_COSINE)) {
                    failures.add(name + " cosine " + cos);
                }
            }
            System.out.println("ResNet bf16 vs PyTorch fp32: " + String.join(", ", figures));
            assertTrue(failures.isEmpty(), "the bf16 step strays from float32 beyond its stated tolerance: " + failures);
        }
    }

    @Test
    void float32StepIsPyTorchsFloat32Step() {
        try (Scope s = Scope.open()) {
            // as the loop prepares an fp32 run: NCHW, no autocast
            List<String> failures = sameRecipe("ResNet fp32 vs PyTorch fp32", step(Precision.FP32, false), "fp32",
                    FP32, FP32_GRADIENT);
            assertTrue(failures.isEmpty(), "the fp32 step differs from PyTorch's: " + failures);
        }
    }
}
