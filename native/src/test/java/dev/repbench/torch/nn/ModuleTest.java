package dev.repbench.torch.nn;

import dev.repbench.torch.DType;
import dev.repbench.api.Device;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void parameterCountsAreTorchvisions() {
        try (ResNet r18 = ResNet.resnet18(1000); ResNet r50 = ResNet.resnet50(1000)) {
            assertEquals(11_689_512L, r18.parameterCount());
            assertEquals(25_557_032L, r50.parameterCount());
        }
        try (ResNet encoder = ResNet.resnet18()) {
            assertEquals(11_689_512L - 513_000L, encoder.parameterCount(), "no fc: 512·1000 + 1000 fewer");
            assertFalse(encoder.namedParameters().containsKey("fc.weight"));
        }
    }

    @Test
    void describesItsBlocks() {
        try (ResNet r18 = ResNet.resnet18(); ResNet r50 = ResNet.resnet50()) {
            assertEquals(512, r18.embeddingDim());
            assertEquals(2048, r50.embeddingDim());
            assertArrayEquals(new long[] {64, 64, 128, 256, 512}, r18.blockChannels());
            assertArrayEquals(new long[] {64, 256, 512, 1024, 2048}, r50.blockChannels());
            assertArrayEquals(new long[] {2, 4, 8, 16, 32}, r18.blockStrides());
        }
    }

    @Test
    void forwardGivesTheFiveBlocksAndFreesIntermediates() {
        try (ResNet model = ResNet.resnet18(10); Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            model.eval();
            Tensor input = Tensor.randn(2, 3, 64, 64);
            int before = s.size();
            ResNet.Features f = model.forward(input);
            assertEquals(before + 7, s.size(), "only the five blocks, embedding and logits stay in the caller's scope");
            long[][] expected = {{2, 64, 32, 32}, {2, 64, 16, 16}, {2, 128, 8, 8}, {2, 256, 4, 4}, {2, 512, 2, 2}};
            for (int k = 0; k < 5; k++) {
                assertArrayEquals(expected[k], f.blocks().get(k).shape(), "block" + (k + 1));
                assertArrayEquals(expected[k], new long[] {2, model.blockChannels()[k], 64 / model.blockStrides()[k],
                        64 / model.blockStrides()[k]}, "block" + (k + 1) + " description");
            }
            assertArrayEquals(new long[] {2, 512}, f.embedding().shape());
            assertArrayEquals(new long[] {2, 10}, f.logits().shape());

            int beforeEmbedding = s.size();
            Tensor embedding = model.forwardEmbedding(input);
            assertEquals(beforeEmbedding + 1, s.size());
            assertTrue(embedding.allClose(f.embedding(), 1e-6, 1e-6));
        }
    }

    @Test
    void smallImageVariantKeepsResolutionInTheStem() {
        try (ResNet model = ResNet.resnet18Small(); Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            ResNet.Features f = model.eval().forward(Tensor.randn(3, 3, 32, 32));
            long[][] expected = {{3, 64, 32, 32}, {3, 64, 32, 32}, {3, 128, 16, 16}, {3, 256, 8, 8}, {3, 512, 4, 4}};
            for (int k = 0; k < 5; k++) {
                assertArrayEquals(expected[k], f.blocks().get(k).shape(), "block" + (k + 1));
            }
            assertArrayEquals(new long[] {1, 1, 2, 4, 8}, model.blockStrides());
            assertNull(f.logits());
            assertArrayEquals(new long[] {64, 3, 3, 3}, model.namedParameters().get("conv1.weight").shape());
        }
        try (ResNet small = ResNet.resnet18Small(1000); ResNet full = ResNet.resnet18(1000); Scope s = Scope.open()) {
            assertEquals(List.copyOf(full.stateDict().keySet()), List.copyOf(small.stateDict().keySet()));
        }
    }

    @Test
    void trainingForwardUpdatesRunningStatisticsAndEvalDoesNot() {
        try (ResNet model = ResNet.resnet18Small(); Scope s = Scope.open()) {
            Map<String, Tensor> buffers = model.namedBuffers();
            Tensor runningMean = buffers.get("bn1.running_mean");
            Tensor batches = buffers.get("bn1.num_batches_tracked");
            assertEquals(DType.INT64, batches.dtype());
            assertEquals(0, batches.ndim());
            assertEquals(0.0, runningMean.abs().sum().item());

            model.train(true).forward(Tensor.randn(2, 3, 16, 16).add(1.0));
            double moved = runningMean.abs().sum().item();
            assertTrue(moved > 0, "train-mode forward moves running_mean");
            assertEquals(1L, batches.toLongArray()[0]);
            assertEquals(1L, buffers.get("layer4.1.bn2.num_batches_tracked").toLongArray()[0]);

            model.eval().forward(Tensor.randn(2, 3, 16, 16));
            assertEquals(moved, runningMean.abs().sum().item(), "eval-mode forward leaves running_mean alone");
            assertEquals(1L, batches.toLongArray()[0]);
            assertFalse(((BatchNorm2d) model.children().get("bn1")).isTraining());
        }
    }

    @Test
    void gradientsReachEveryParameter() {
        try (ResNet model = ResNet.resnet18Small(4); Scope s = Scope.open()) {
            ResNet.Features f = model.forward(Tensor.randn(2, 3, 8, 8));
            Functional.crossEntropy(f.logits(), Tensor.of(new long[] {1, 3}, 2)).backward();
            List<String> without = new ArrayList<>();
            model.namedParameters().forEach((name, p) -> {
                Tensor grad = p.grad();
                if (grad == null || grad.abs().sum().item() == 0) {
                    without.add(name);
                }
            });
            assertEquals(List.of(), without, "parameters without gradient");
        }
    }

    @Test
    void strictLoadingWithAPrefixListsEveryKeyAndCopiesNothing() {
        try (ResNet source = ResNet.resnet18(); ResNet target = ResNet.resnet18(); Scope s = Scope.open()) {
            Map<String, Tensor> prefixed = new LinkedHashMap<>();
            source.stateDict().forEach((name, t) -> prefixed.put("module." + name, t));
            Tensor before = target.namedParameters().get("conv1.weight").clone();

            StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                    () -> target.loadStateDict(prefixed, true));
            int keys = prefixed.size();
            assertTrue(e.getMessage().contains("missing keys (" + keys + ")"), e.getMessage());
            assertTrue(e.getMessage().contains("unexpected keys (" + keys + ")"), e.getMessage());
            for (String name : source.stateDict().keySet()) {
                assertTrue(e.getMessage().contains(" " + name + ",") || e.getMessage().contains(" " + name + "\n"),
                        "missing " + name + " listed");
                assertTrue(e.getMessage().contains("module." + name), "unexpected module." + name + " listed");
            }
            assertTrue(e.getMessage().contains("prefix 'module.'"), "the message names the prefix to strip");
            assertTrue(target.namedParameters().get("conv1.weight").allClose(before, 0, 0), "nothing copied");

            Module.LoadResult lenient = target.loadStateDict(prefixed, false);
            assertEquals(keys, lenient.missingKeys().size());
            assertEquals(keys, lenient.unexpectedKeys().size());
        }
    }

    @Test
    void shapeMismatchNamesTheParameterEvenWhenLenient() {
        try (ResNet full = ResNet.resnet18(10); ResNet small = ResNet.resnet18Small(10); Scope s = Scope.open()) {
            Map<String, Tensor> state = full.stateDict();
            for (boolean strict : new boolean[] {true, false}) {
                StateDictMismatchException e = assertThrows(StateDictMismatchException.class,
                        () -> small.loadStateDict(state, strict));
                assertTrue(e.getMessage().contains("conv1.weight: expected [64, 3, 3, 3], got [64, 3, 7, 7]"), e.getMessage());
                assertTrue(e.getMessage().contains("shape mismatch (1)"), e.getMessage());
            }
        }
    }

    @Test
    void loadingCopiesValuesInPlaceAndConvertsDtype() {
        Torch.manualSeed(1);
        try (ResNet a = ResNet.resnet18Small(3); Scope s = Scope.open()) {
            Torch.manualSeed(2);
            try (ResNet b = ResNet.resnet18Small(3)) {
                Tensor bWeight = b.namedParameters().get("fc.weight");
                Map<String, Tensor> state = new LinkedHashMap<>(a.stateDict());
                state.put("fc.weight", state.get("fc.weight").to(DType.FLOAT64));
                assertTrue(b.loadStateDict(state, true).isComplete());
                assertTrue(b.namedParameters().get("fc.weight") == bWeight, "same tensor, updated in place");
                assertEquals(DType.FLOAT32, bWeight.dtype());
                assertTrue(bWeight.requiresGrad());
                Tensor x = Tensor.randn(2, 3, 8, 8);
                try (GradMode off = GradMode.disabled()) {
                    assertTrue(a.eval().forward(x).logits().allClose(b.eval().forward(x).logits(), 0, 0));
                }
            }
        }
    }

    @Test
    void modesPlacementAndClose() {
        ResNet model = ResNet.resnet18Small();
        assertTrue(model.isTraining());
        model.eval();
        model.namedParameters().values().forEach(p -> assertTrue(p.requiresGrad()));
        assertEquals(model, model.to(Device.CPU));
        Tensor weight = model.namedParameters().get("conv1.weight");
        model.close();
        assertTrue(weight.isClosed(), "close frees the parameters");
        assertThrows(IllegalStateException.class, model::namedParameters);
        model.close();
    }

    @Test
    void sequentialNamesItsLayersByIndex() {
        try (Sequential head = new Sequential(new Linear(8, 4), new Linear(4, 2, false)); Scope s = Scope.open()) {
            assertEquals(List.of("0.weight", "0.bias", "1.weight"), List.copyOf(head.stateDict().keySet()));
            assertArrayEquals(new long[] {5, 2}, head.forward(Tensor.randn(5, 8)).shape());
        }
        assertThrows(IllegalArgumentException.class, DuplicateNames::new);
    }

    private static final class DuplicateNames extends Module {
        DuplicateNames() {
            registerModule("head", new Linear(1, 1)).close();
            registerModule("head", new Linear(1, 1)).close();
        }
    }
}
