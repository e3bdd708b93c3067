package dev.repbench.runtime.encoder;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.torch.Autocast;
import dev.repbench.torch.DType;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.nn.TrainingPrecision;
import dev.repbench.torch.onnx.OnnxExporter;
import dev.repbench.torch.optim.Optimizer;
import dev.repbench.torch.optim.ParameterGroup;
import dev.repbench.torch.optim.SGD;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An encoder trained the bf16 way (channels-last, each step's forward and loss under bf16 autocast) exports the same
 * ONNX file as the same weights in an NCHW module: an NCHW float32 graph, whose outputs match the trained network's
 * float32 forward within the fp32 parity tolerance. The bf16 path is forced ({@link TrainingPrecision.CpuFeatures}),
 * so the test means the same on a CPU without native bf16 (libtorch then emulates it).
 */
class Bf16TrainedExportTest {
    private static final double TOLERANCE = 1e-4;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void aChannelsLastBf16TrainedResNetExportsAnNchwFloat32GraphThatPassesParity() throws Exception {
        TrainingPrecision bf16 = TrainingPrecision.of(Precision.BF16, Device.CPU,
                TrainingPrecision.CpuFeatures.of("AVX512_BF16"), line -> { });
        assertEquals(Precision.BF16, bf16.effective());
        Torch.manualSeed(7);
        try (ResNet trained = bf16.prepare(ResNet.resnet18Small(10));
             ResNet nchw = ResNet.resnet18Small(10);
             Scope s = Scope.open()) {
            try (Optimizer sgd = new SGD(ParameterGroup.all(trained.parameters()), SGD.Options.of(0.05).momentum(0.9))) {
                trained.train(true);
                for (int step = 0; step < 3; step++) {
                    try (Scope stepScope = Scope.open()) {
                        Tensor x = bf16.prepareInput(Tensor.randn(8, 3, 32, 32));
                        Tensor y = Tensor.randint(0, 10, 8);
                        sgd.zeroGrad();
                        Tensor loss;
                        try (TrainingPrecision.Region r = bf16.autocast()) {
                            ResNet.Features features = trained.forward(x);
                            assertEquals(DType.BFLOAT16, features.logits().dtype(), "the step ran in bf16");
                            loss = Functional.crossEntropy(features.logits(), y);
                        }
                        loss.backward();
                        sgd.step();
                    }
                }
            }
            assertFalse(Autocast.isEnabled(Device.CPU));
            Map<String, Tensor> state = trained.stateDict();
            state.forEach((name, value) -> {
                if (value.dtype() != DType.INT64) { // num_batches_tracked
                    assertEquals(DType.FLOAT32, value.dtype(), name + ": bf16 training keeps float32 weights and statistics");
                }
            });
            assertTrue(state.get("conv1.weight").isChannelsLast(), "it trained channels-last");

            trained.eval();
            nchw.loadStateDict(state, true);
            nchw.eval();
            assertFalse(nchw.namedParameters().get("conv1.weight").isChannelsLast());
            byte[] exported = new OnnxExporter().export(trained).toByteArray();
            assertArrayEquals(new OnnxExporter().export(nchw).toByteArray(), exported,
                    "the export of a channels-last bf16-trained module differs from its weights' NCHW export");

            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                 OrtSession session = OnnxEngine.environment().createSession(exported, options)) {
                NodeInfo input = session.getInputInfo().values().iterator().next();
                TensorInfo info = (TensorInfo) input.getInfo();
                assertEquals(OnnxJavaType.FLOAT, info.type, "the graph takes float32 images");
                long[] shape = info.getShape();
                assertEquals(4, shape.length);
                assertEquals(3, shape[1], "NCHW: channels second, " + java.util.Arrays.toString(shape));
            }

            long[] shape = {2, 3, 32, 32};
            Tensor images = Tensor.randn(shape);
            ResNet.Features expected;
            try (GradMode off = GradMode.disabled()) {
                expected = trained.forward(images.toChannelsLast()); // float32: no autocast outside training steps
            }
            Map<String, OrtRun.Output> actual = OrtRun.run(exported, images.toFloatArray(), shape);
            List<String> failures = new ArrayList<>();
            List<Tensor> outputs = new ArrayList<>(expected.blocks());
            outputs.add(expected.embedding());
            List<String> names = new ArrayList<>();
            for (int k = 0; k < expected.blocks().size(); k++) {
                names.add(OnnxExporter.blockName(k + 1));
            }
            names.add(OnnxExporter.EMBEDDING);
            for (int i = 0; i < names.size(); i++) {
                Tensor reference = outputs.get(i);
                assertEquals(DType.FLOAT32, reference.dtype());
                float[] ours = reference.contiguous().toFloatArray();
                float[] ort = actual.get(names.get(i)).values();
                assertArrayEquals(reference.shape(), actual.get(names.get(i)).shape(), names.get(i));
                double error = ExportParity.relative(ort, ours);
                if (!(error <= TOLERANCE)) {
                    failures.add(names.get(i) + " " + error);
                }
            }
            assertTrue(failures.isEmpty(), "ONNX Runtime strays from the bf16-trained network's float32 forward: " + failures);
        }
    }
}
