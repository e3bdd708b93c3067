package dev.repbench.tasks.heads;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Output shapes and parameter counts of every head for ResNet-18 and ResNet-50 pyramids at 64×64 (blocks 32…2). */
class HeadShapesTest {
    private static final long N = 2;
    private static final long SIZE = 64;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
        Torch.manualSeed(7);
    }

    static Stream<Arguments> encoders() {
        // and pyramids of imported models: MobileNetV3-small's five levels, a ViT's four maps from stride 4
        return Stream.of(Arguments.of("resnet18", Pyramid.RESNET18), Arguments.of("resnet50", Pyramid.RESNET50),
                Arguments.of("mobilenet_v3", Pyramid.of(new long[] {16, 72, 96, 288, 576}, new long[] {2, 4, 8, 16, 32})),
                Arguments.of("vit", Pyramid.of(new long[] {48, 48, 48, 48}, new long[] {4, 8, 16, 32})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoders")
    void linearHead(String name, Pyramid pyramid) {
        long d = pyramid.embeddingDim();
        try (LinearHead head = new LinearHead(d, 37); Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            assertArrayEquals(new long[] {N, 37}, head.forward(Tensor.randn(N, d)).shape());
            assertEquals(d * 37 + 37, head.parameterCount());
            assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(head.namedParameters().keySet()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoders")
    void multiInputFusionHead(String name, Pyramid pyramid) {
        long d = pyramid.embeddingDim();
        for (int frames : new int[] {2, 6}) {
            try (MultiInputFusionHead head = new MultiInputFusionHead(d, frames, 10);
                 Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
                Tensor stacked = Tensor.randn(N, frames, d);
                Tensor logits = head.forward(stacked);
                assertArrayEquals(new long[] {N, 10}, logits.shape());
                // The list form is the same computation.
                List<Tensor> perFrame = stacked.chunk(frames, 1).stream().map(t -> t.squeeze(1)).toList();
                assertEquals(0.0, head.forward(perFrame).sub(logits).abs().max().item(), 1e-6);
                long hidden = MultiInputFusionHead.DEFAULT_HIDDEN;
                assertEquals(frames * (d * hidden + hidden) + frames * hidden * 10 + 10, head.parameterCount());
                assertEquals("frames.0.weight", head.namedParameters().keySet().iterator().next());
            }
        }
        try (MultiInputFusionHead head = new MultiInputFusionHead(d, 2, 10); Scope s = Scope.open()) {
            assertThrows(IllegalArgumentException.class, () -> head.forward(Tensor.randn(N, 3, d)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoders")
    void uNetHead(String name, Pyramid pyramid) {
        try (UNetHead head = new UNetHead(pyramid, 1); Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            List<Tensor> blocks = Blocks.random(pyramid, N, SIZE, SIZE);
            assertArrayEquals(new long[] {N, 1, SIZE, SIZE}, head.forward(blocks).shape());
            assertEquals(uNetParameters(pyramid, 1), head.parameterCount());
            List<String> entries = new java.util.ArrayList<>();
            for (int k = pyramid.blocks() - 1; k >= 1; k--) {
                entries.addAll(List.of("up" + k + ".weight", "up" + k + ".bias"));
            }
            entries.addAll(List.of("out.weight", "out.bias"));
            assertEquals(entries, List.copyOf(head.namedParameters().keySet()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoders")
    void siameseUNetHead(String name, Pyramid pyramid) {
        try (SiameseUNetHead head = new SiameseUNetHead(pyramid, 2); Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            List<Tensor> first = Blocks.random(pyramid, N, SIZE, SIZE);
            List<Tensor> second = Blocks.random(pyramid, N, SIZE, SIZE);
            assertArrayEquals(new long[] {N, 2, SIZE, SIZE}, head.forward(first, second).shape());
            long fusion = 0;
            for (int k = 1; k <= pyramid.blocks(); k++) {
                long c = pyramid.channels(k);
                fusion += 2 * c * c + c;
            }
            assertEquals(fusion + uNetParameters(pyramid, 2), head.parameterCount());
            assertEquals("fuse1.weight", head.namedParameters().keySet().iterator().next());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("encoders")
    void deepLabV3PlusHead(String name, Pyramid pyramid) {
        long classes = 20;
        try (DeepLabV3PlusHead head = new DeepLabV3PlusHead(pyramid, classes); Scope s = Scope.open()) {
            head.eval();
            try (GradMode off = GradMode.disabled()) {
                List<Tensor> blocks = Blocks.random(pyramid, N, SIZE, SIZE);
                assertArrayEquals(new long[] {N, classes, SIZE, SIZE}, head.forward(blocks).shape());
            }
            long c5 = pyramid.embeddingDim();
            long w = DeepLabV3PlusHead.WIDTH;
            long bn = 2;  // weight and bias per channel
            long aspp = (c5 * w + bn * w)                  // 1×1
                    + 3 * (c5 * 9 * w + bn * w)            // three atrous 3×3
                    + (c5 * w + bn * w)                    // image pooling
                    + (5 * w * w + bn * w);                // projection
            long low = DeepLabV3PlusHead.LOW_LEVEL_WIDTH;
            int lowLevel = pyramid.stride(1) >= 4 ? 1 : 2; // block 2 of the ResNet-like pyramids here, block 1 of the ViT's
            long reduce = pyramid.channels(lowLevel) * low + bn * low;
            long refine = ((w + low) * 9 * w + bn * w) + (w * 9 * w + bn * w);
            long classifier = w * classes + classes;
            assertEquals(aspp + reduce + refine + classifier, head.parameterCount());
        }
    }

    @Test
    void deepLabsLowLevelBlockIsTheFirstResidualStageOfAResNetAndTheStride4MapOfAViT() {
        assertEquals(2, DeepLabV3PlusHead.lowLevelBlock(Pyramid.RESNET18));
        assertEquals(2, DeepLabV3PlusHead.lowLevelBlock(Pyramid.RESNET50));
        // resnet18-small: stride-1 stem without max-pool, so blocks 1 and 2 are both at stride 1
        assertEquals(2, DeepLabV3PlusHead.lowLevelBlock(Pyramid.of(new long[] {64, 64, 128, 256, 512}, new long[] {1, 1, 2, 4, 8})));
        assertEquals(2, DeepLabV3PlusHead.lowLevelBlock(Pyramid.of(new long[] {16, 72, 96, 288, 576}, new long[] {2, 4, 8, 16, 32})));
        assertEquals(1, DeepLabV3PlusHead.lowLevelBlock(Pyramid.of(new long[] {48, 48, 48, 48}, new long[] {4, 8, 16, 32})));
        // nothing 8× finer than the last: the finest
        assertEquals(1, DeepLabV3PlusHead.lowLevelBlock(Pyramid.of(new long[] {48, 48, 48}, new long[] {4, 8, 16})));
        assertEquals(1, DeepLabV3PlusHead.lowLevelBlock(Pyramid.of(new long[] {32, 64}, new long[] {8, 16})));
    }

    @Test
    void pixelwiseHeadsReachSizesThatAreNotMultiplesOfTheStrides() {
        // 70×50 gives blocks 35×25, 18×13, 9×7, 5×4, 3×2: every upsampling is resized to its skip.
        Pyramid pyramid = Pyramid.RESNET18;
        try (UNetHead unet = new UNetHead(pyramid, 1); SiameseUNetHead siamese = new SiameseUNetHead(pyramid, 2);
             DeepLabV3PlusHead deepLab = new DeepLabV3PlusHead(pyramid, 5);
             Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            deepLab.eval();
            List<Tensor> blocks = Blocks.random(pyramid, 1, 70, 50);
            assertArrayEquals(new long[] {1, 1, 70, 50}, unet.forward(blocks, 70, 50).shape());
            assertArrayEquals(new long[] {1, 2, 70, 50}, siamese.forward(blocks, blocks, 70, 50).shape());
            assertArrayEquals(new long[] {1, 5, 70, 50}, deepLab.forward(blocks, 70, 50).shape());
        }
    }

    @Test
    void pixelwiseHeadsRefuseAnotherEncodersBlocks() {
        try (UNetHead unet = new UNetHead(Pyramid.RESNET50, 1); Scope s = Scope.open()) {
            List<Tensor> blocks = Blocks.random(Pyramid.RESNET18, 1, 64, 64);
            assertThrows(IllegalArgumentException.class, () -> unet.forward(blocks));
        }
    }

    /** Four 3×3 up-convolutions to 4× the next block's channels, and a 3×3 output convolution to 4× the outputs. */
    static long uNetParameters(Pyramid pyramid, long outputs) {
        long total = 0;
        for (int k = 1; k < pyramid.blocks(); k++) {
            long r = pyramid.upscale(k + 1);
            long out = pyramid.channels(k) * r * r;
            total += pyramid.channels(k + 1) * 9 * out + out;
        }
        long s = pyramid.stride(1);
        return total + pyramid.channels(1) * 9 * outputs * s * s + outputs * s * s;
    }
}
