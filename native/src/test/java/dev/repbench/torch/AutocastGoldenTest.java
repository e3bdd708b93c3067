package dev.repbench.torch;

import dev.repbench.api.Device;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.ReferencePython;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One training step of a small conv net (conv, batch norm, ReLU, pool, linear, cross-entropy) under bf16 autocast,
 * against PyTorch's {@code torch.autocast("cpu", dtype=torch.bfloat16)} on the same inputs
 * ({@code src/test/python/make_autocast_golden.py}): the same dtypes and, within the tolerances below, the same
 * values and gradients, in NCHW and channels-last.
 *
 * <p>Tolerances, as max|a − b| / max|b| over a tensor:
 * <ul>
 *   <li>{@value #SAME_RECIPE}: RepBench's bf16 step against PyTorch's bf16 step. Both run the same libtorch
 *       kernels on the same bf16 values; what differs is the order of float32 accumulations (threads), which
 *       can move a result across a bf16 rounding boundary: one bf16 step is 2⁻⁸ ≈ 0.4 % of the value.</li>
 *   <li>{@value #BF16_FORWARD} (activations, logits, loss) and {@value #BF16_GRADIENT} (gradients): bf16
 *       against float32. bf16 keeps 8 significant bits; gradients through a bf16 convolution carry the rounding of
 *       both its input and its output gradient (measured 3.9 % for this conv's weight gradient in PyTorch itself).
 *       {@value #BF16_MATMUL} for a 16×32 by 32×8 matmul of random inputs, whose 32 bf16-rounded terms per output
 *       do not cancel their rounding (PyTorch: 1.6 %).</li>
 *   <li>float32 against float32: the fp32 parity tests' {@value #FP32}.</li>
 * </ul>
 */
class AutocastGoldenTest {
    static final double SAME_RECIPE = 1e-2;
    static final double BF16_FORWARD = 1e-2;
    static final double BF16_GRADIENT = 6e-2;
    static final double BF16_MATMUL = 3e-2;
    static final double FP32 = 1e-4;
    private static final String[] RESULTS = {"conv", "logits", "loss", "grad.conv.weight", "grad.fc.weight", "grad.bn.weight"};

    private static Scope goldenScope;
    private static Map<String, Tensor> golden;

    @BeforeAll
    static void load() throws Exception {
        Torch.setNumThreads(2);
        var folder = ReferencePython.generatedFolder("make_autocast_golden.py", "autocast-golden", "AUTOCAST_COMPLETE", "1", 300);
        goldenScope = Scope.open();
        golden = Checkpoints.load(folder.resolve("autocast.pt"));
    }

    @AfterAll
    static void free() {
        goldenScope.close();
    }

    /** RepBench's version of the Python script's step; returns the same names. */
    private static Map<String, Tensor> step(boolean autocast, boolean channelsLast) {
        Tensor x = golden.get("input");
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        for (String name : List.of("conv.weight", "bn.weight", "bn.bias", "fc.weight", "fc.bias")) {
            leaves.put(name, golden.get(name).clone().requiresGrad(true));
        }
        if (channelsLast) {
            x = x.toChannelsLast();
            leaves.put("conv.weight", golden.get("conv.weight").toChannelsLast().requiresGrad(true));
        }
        Tensor conv;
        Tensor logits;
        Tensor loss;
        try (Autocast region = autocast ? Autocast.bf16(Device.CPU) : Autocast.disabled(Device.CPU)) {
            conv = Functional.conv2d(x, leaves.get("conv.weight"), null, 1, 1);
            Tensor normed = Functional.batchNorm(conv, Tensor.zeros(8), Tensor.ones(8), leaves.get("bn.weight"),
                    leaves.get("bn.bias"), true, 0.1, 1e-5);
            Tensor pooled = Functional.adaptiveAvgPool2d(Functional.relu(normed), 1, 1).flatten(1, -1);
            logits = Functional.linear(pooled, leaves.get("fc.weight"), leaves.get("fc.bias"));
            loss = Functional.crossEntropy(logits, golden.get("target"));
        }
        loss.backward();
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("conv", conv.detach());
        out.put("logits", logits.detach());
        out.put("loss", loss.detach());
        for (String name : List.of("conv.weight", "fc.weight", "bn.weight")) {
            out.put("grad." + name, leaves.get(name).grad());
        }
        return out;
    }

    private static double relativeError(Tensor actual, Tensor expected) {
        return actual.to(DType.FLOAT32).sub(expected.to(DType.FLOAT32)).abs().max().item()
                / expected.to(DType.FLOAT32).abs().max().item();
    }

    /** Compares every result of {@code ours} with the golden {@code prefix.*}; returns the failures. */
    private static List<String> compare(String what, Map<String, Tensor> ours, String prefix, double forward, double gradient) {
        List<String> failures = new ArrayList<>();
        List<String> report = new ArrayList<>();
        for (String name : RESULTS) {
            double tolerance = name.startsWith("grad.") ? gradient : forward;
            double error = relativeError(ours.get(name), golden.get(prefix + "." + name));
            report.add(name + " " + String.format("%.1e", error));
            if (!(error <= tolerance)) {
                failures.add(name + " " + String.format("%.2e", error) + " > " + tolerance);
            }
        }
        System.out.println(what + " (max|a-b|/max|b|): " + String.join(", ", report));
        return failures;
    }

    @Test
    void dtypesAreThoseOfPyTorch() {
        try (Scope s = Scope.open()) {
            Map<String, Tensor> ours = step(true, false);
            for (String name : RESULTS) {
                assertEquals(golden.get("bf16." + name).dtype(), ours.get(name).dtype(), name);
            }
            assertEquals(DType.BFLOAT16, ours.get("conv").dtype());
            assertEquals(DType.FLOAT32, ours.get("loss").dtype());
        }
    }

    @Test
    void bf16StepMatchesPyTorchsBf16Step() {
        try (Scope s = Scope.open()) {
            List<String> failures = compare("bf16 vs PyTorch bf16", step(true, false), "bf16", SAME_RECIPE, SAME_RECIPE);
            assertTrue(failures.isEmpty(), "bf16 step differs from PyTorch's: " + failures);
        }
    }

    @Test
    void bf16ChannelsLastStepMatchesPyTorchs() {
        try (Scope s = Scope.open()) {
            List<String> failures = compare("bf16 channels-last vs PyTorch", step(true, true), "bf16_cl", SAME_RECIPE, SAME_RECIPE);
            assertTrue(failures.isEmpty(), "bf16 channels-last step differs from PyTorch's: " + failures);
        }
    }

    @Test
    void bf16StepStaysWithinItsToleranceOfFloat32() {
        try (Scope s = Scope.open()) {
            List<String> failures = compare("bf16 vs PyTorch fp32", step(true, false), "fp32", BF16_FORWARD, BF16_GRADIENT);
            assertTrue(failures.isEmpty(), "bf16 step strays from float32 beyond its tolerance: " + failures);
        }
    }

    @Test
    void float32StepIsUnchanged() {
        try (Scope s = Scope.open()) {
            List<String> failures = compare("fp32 vs PyTorch fp32", step(false, false), "fp32", FP32, FP32);
            assertTrue(failures.isEmpty(), "fp32 step differs from PyTorch's: " + failures);
            List<String> channelsLast = compare("fp32 channels-last vs PyTorch fp32", step(false, true), "fp32", FP32, FP32);
            assertTrue(channelsLast.isEmpty(), "fp32 channels-last step differs from PyTorch's fp32: " + channelsLast);
        }
    }

    @Test
    void matmulMatchesPyTorch() {
        try (Scope s = Scope.open()) {
            Tensor product;
            try (Autocast bf16 = Autocast.bf16(Device.CPU)) {
                product = golden.get("a").matmul(golden.get("b"));
            }
            assertEquals(DType.BFLOAT16, product.dtype());
            double error = relativeError(product, golden.get("matmul.bf16"));
            assertTrue(error <= SAME_RECIPE, "bf16 matmul differs from PyTorch's by " + error);
            double fromFloat32 = relativeError(product, golden.get("matmul.fp32"));
            assertTrue(fromFloat32 <= BF16_MATMUL, "bf16 matmul strays from float32 by " + fromFloat32);
        }
    }
}
