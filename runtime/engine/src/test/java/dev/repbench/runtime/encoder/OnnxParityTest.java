package dev.repbench.runtime.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.onnx.ExportOptions;
import dev.repbench.torch.onnx.OnnxExporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exported graph, run by ONNX Runtime, computes what the torch layer computes: every encoder output of
 * ResNet-18, ResNet-50 and the small-image ResNet-18 agrees to 1e-4 relative (max|a−b| / max|b|), at two image
 * sizes from one file (the spatial size is dynamic), with non-trivial batch-norm statistics and affine terms.
 */
class OnnxParityTest {
    private static final double TOLERANCE = 1e-4;
    private static final long SEED = 20240611;
    private static final long[][] SIZES = {{64, 64}, {96, 80}};
    private static final int BATCH = 2;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    private static Supplier<ResNet> factory(String architecture) {
        return switch (architecture) {
            case "resnet18" -> ResNet::resnet18;
            case "resnet50" -> ResNet::resnet50;
            case "resnet18-small" -> ResNet::resnet18Small;
            default -> throw new IllegalArgumentException(architecture);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "resnet50", "resnet18-small"})
    void onnxRuntimeMatchesTheTorchLayer(String architecture) throws Exception {
        Torch.manualSeed(SEED);
        try (ResNet net = factory(architecture).get(); Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            giveBatchNormsNonTrivialState(net);
            net.eval();
            byte[] model = new OnnxExporter().export(net, ExportOptions.defaults()).toByteArray();

            List<String> failures = new ArrayList<>();
            for (long[] size : SIZES) {
                long[] shape = {BATCH, 3, size[0], size[1]};
                Tensor input = Tensor.randn(shape);
                ResNet.Features expected = net.forward(input);
                Map<String, Tensor> torchOutputs = new LinkedHashMap<>();
                torchOutputs.put(OnnxExporter.EMBEDDING, expected.embedding());
                for (int k = 0; k < 5; k++) {
                    torchOutputs.put(OnnxExporter.blockName(k + 1), expected.blocks().get(k));
                }

                Map<String, OrtRun.Output> actual = OrtRun.run(model, input.toFloatArray(), shape);
                assertEquals(torchOutputs.keySet(), actual.keySet(), "graph outputs");
                List<String> figures = new ArrayList<>();
                for (Map.Entry<String, Tensor> e : torchOutputs.entrySet()) {
                    OrtRun.Output ort = actual.get(e.getKey());
                    assertArrayEquals(e.getValue().shape(), ort.shape(), e.getKey() + " shape");
                    double error = relativeError(ort.values(), e.getValue().toFloatArray());
                    figures.add(e.getKey() + " " + String.format("%.2e", error));
                    if (!(error <= TOLERANCE)) {
                        failures.add(architecture + " " + size[0] + "x" + size[1] + " " + e.getKey() + " " + error);
                    }
                }
                System.out.println("ONNX parity " + architecture + " " + BATCH + "x3x" + size[0] + "x" + size[1]
                        + " (max|a-b|/max|b|): " + String.join(", ", figures));
            }
            assertTrue(failures.isEmpty(), "ONNX Runtime differs from the torch layer beyond " + TOLERANCE + ": " + failures);
        }
    }

    /**
     * Seeded batch-norm affine terms away from 1 and 0, then a few training-mode forwards (no autograd) so the
     * running statistics move away from 0 and 1: a graph that ignored any of them would fail.
     */
    private static void giveBatchNormsNonTrivialState(ResNet net) {
        try (Scope s = Scope.open()) {
            for (Map.Entry<String, Tensor> p : net.namedParameters().entrySet()) {
                Tensor t = p.getValue();
                if (t.ndim() == 1 && !p.getKey().startsWith("fc.")) {
                    boolean scale = p.getKey().endsWith(".weight");
                    t.copyFromInPlace(Tensor.randn(t.shape()).mul(0.2).add(scale ? 1.0 : 0.0));
                }
            }
            net.train(true);
            for (int k = 0; k < 3; k++) {
                net.forwardEmbedding(Tensor.randn(4, 3, 64, 64).mul(1.5).add(0.3));
            }
        }
    }

    private static double relativeError(float[] actual, float[] expected) {
        assertEquals(expected.length, actual.length);
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs((double) actual[i] - expected[i]));
            maxRef = Math.max(maxRef, Math.abs((double) expected[i]));
        }
        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }
}
