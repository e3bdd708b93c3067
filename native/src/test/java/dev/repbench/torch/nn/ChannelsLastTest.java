package dev.repbench.torch.nn;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.CheckpointLayout;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.onnx.OnnxExporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Channels-last modules: only the memory order changes. The weights and buffers keep their values and names,
 * checkpoints and ONNX exports are byte for byte those of the NCHW module, and the forward and backward agree with
 * NCHW (and with torchvision) within float32 rounding.
 */
class ChannelsLastTest {
    /** Float32 sums in another order: the fp32 parity tests' tolerance. */
    private static final double FP32 = 1e-4;

    @TempDir
    Path folder;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    /** Two ResNet-18-small with the same weights, the second channels-last. */
    private static ResNet[] twins() {
        Torch.manualSeed(11);
        ResNet nchw = ResNet.resnet18Small(10);
        Torch.manualSeed(11);
        ResNet channelsLast = ResNet.resnet18Small(10);
        channelsLast.toChannelsLast();
        return new ResNet[] {nchw, channelsLast};
    }

    @Test
    void convolutionWeightsBecomeChannelsLastAndStayTrainableLeaves() {
        ResNet[] models = twins();
        try (ResNet nchw = models[0]; ResNet channelsLast = models[1]; Scope s = Scope.open()) {
            Map<String, Tensor> converted = channelsLast.namedParameters();
            assertTrue(converted.get("conv1.weight").isChannelsLast());
            assertTrue(converted.get("layer4.1.conv2.weight").isChannelsLast());
            assertFalse(nchw.namedParameters().get("layer4.1.conv2.weight").isChannelsLast());
            assertTrue(converted.get("fc.weight").isContiguous(), "2-d weights are left alone");
            converted.values().forEach(p -> assertTrue(p.requiresGrad(), "a parameter stays trainable"));
            Map<String, Tensor> expected = nchw.stateDict();
            channelsLast.stateDict().forEach((name, value) -> {
                assertArrayEquals(expected.get(name).shape(), value.shape(), name);
                assertTrue(value.allClose(expected.get(name), 0, 0), name + " changed value");
            });
        }
    }

    @Test
    void forwardAndGradientsAgreeWithNchw() {
        ResNet[] models = twins();
        try (ResNet nchw = models[0]; ResNet channelsLast = models[1]; Scope s = Scope.open()) {
            Tensor x = Tensor.randn(4, 3, 32, 32);
            Tensor y = Tensor.of(new long[] {0, 3, 5, 9}, 4);
            Functional.crossEntropy(nchw.forward(x).logits(), y).backward();
            ResNet.Features features = channelsLast.forward(x.toChannelsLast());
            assertTrue(features.blocks().get(2).isChannelsLast(), "activations stay channels-last through the network");
            Functional.crossEntropy(features.logits(), y).backward();
            for (String name : new String[] {"conv1.weight", "layer2.0.downsample.0.weight", "fc.weight"}) {
                Tensor expected = nchw.namedParameters().get(name).grad();
                Tensor actual = channelsLast.namedParameters().get(name).grad();
                double error = actual.sub(expected).abs().max().item() / expected.abs().max().item();
                assertTrue(error <= FP32, name + " gradient differs by " + error);
            }
        }
    }

    @Test
    void checkpointsAndOnnxExportsAreThoseOfTheNchwModule() throws Exception {
        ResNet[] models = twins();
        try (ResNet nchw = models[0]; ResNet channelsLast = models[1]) {
            Checkpoints.save(folder.resolve("nchw.pt"), nchw);
            Checkpoints.save(folder.resolve("cl.pt"), channelsLast);
            assertArrayEquals(Files.readAllBytes(folder.resolve("nchw.pt")), Files.readAllBytes(folder.resolve("cl.pt")),
                    "a channels-last module's checkpoint differs from the NCHW one's");
            nchw.eval();
            channelsLast.eval();
            assertArrayEquals(new OnnxExporter().export(nchw).toByteArray(), new OnnxExporter().export(channelsLast).toByteArray(),
                    "a channels-last module exports another ONNX graph");
        }
    }

    @Test
    void aChannelsLastResNetMatchesTorchvision() throws Exception {
        Path golden = ReferencePython.goldenFolder();
        try (ResNet model = ResNet.resnet18(1000); Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            Checkpoints.loadInto(model, golden.resolve("resnet18.pt"), CheckpointLayout.TORCHVISION);
            model.toChannelsLast().eval();
            // Loading into a channels-last module keeps its memory order (copy_ writes into the existing tensors).
            Checkpoints.loadInto(model, golden.resolve("resnet18.pt"), CheckpointLayout.TORCHVISION);
            assertTrue(model.namedParameters().get("conv1.weight").isChannelsLast());
            Map<String, Tensor> expected = Checkpoints.load(golden.resolve("resnet18_io.pt"));
            ResNet.Features features = model.forward(expected.get("input").toChannelsLast());
            for (int k = 0; k < 5; k++) {
                assertClose("block" + (k + 1), features.blocks().get(k), expected.get("block" + (k + 1)));
            }
            assertClose("logits", features.logits(), expected.get("logits"));
        }
    }

    private static void assertClose(String name, Tensor actual, Tensor expected) {
        double error = actual.sub(expected).abs().max().item() / expected.abs().max().item();
        assertTrue(error <= FP32, name + " differs from torchvision by " + error);
    }

    @Test
    void convertingTwiceChangesNothing() {
        try (ResNet model = ResNet.resnet18Small(10)) {
            model.toChannelsLast();
            Tensor weight = model.namedParameters().get("conv1.weight");
            model.toChannelsLast();
            assertEquals(weight, model.namedParameters().get("conv1.weight"), "an already channels-last weight is kept, not copied");
        }
    }
}
