package dev.repbench.tasks.heads;

import dev.repbench.tasks.losses.Losses;
import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.optim.Adam;
import dev.repbench.torch.optim.AdamOptions;
import dev.repbench.torch.optim.ParameterGroup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Gradients reach every head parameter, and each head can fit a fixed tiny batch. */
class HeadTrainingTest {
    /** A narrow five-block pyramid so training steps take milliseconds. */
    private static final Pyramid TINY = Pyramid.of(new long[] {8, 8, 16, 16, 32}, new long[] {2, 4, 8, 16, 32});
    private static final int STEPS = 80;
    private static final double REQUIRED_DROP = 10.0;

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void gradientsReachEveryParameterOfEveryHead() {
        Torch.manualSeed(1);
        Pyramid p = Pyramid.RESNET18;
        try (Scope s = Scope.open()) {
            List<Tensor> a = Blocks.random(p, 2, 64, 64);
            List<Tensor> b = Blocks.random(p, 2, 64, 64);
            Tensor labels = Tensor.randint(0, 4, 2, 64, 64);
            assertEveryGradient(new LinearHead(512, 5), h -> Losses.crossEntropy(h.forward(Tensor.randn(2, 512)),
                    Tensor.randint(0, 5, 2)));
            assertEveryGradient(new MultiInputFusionHead(512, 6, 5), h -> Losses.crossEntropy(h.forward(Tensor.randn(2, 6, 512)),
                    Tensor.randint(0, 5, 2)));
            assertEveryGradient(new UNetHead(p, 1), h -> Losses.depthL1(h.forward(a), Tensor.rand(2, 1, 64, 64).add(0.5)));
            assertEveryGradient(new SiameseUNetHead(p, 2), h -> Losses.flowL1(h.forward(a, b), Tensor.randn(2, 2, 64, 64)));
            assertEveryGradient(new DeepLabV3PlusHead(p, 4), h -> Losses.pixelwiseCrossEntropy(h.forward(a), labels, 255));
        }
    }

    private static <H extends Module> void assertEveryGradient(H head, Function<H, Tensor> loss) {
        try (head; Scope s = Scope.open()) {
            loss.apply(head).backward();
            for (Map.Entry<String, Tensor> e : head.namedParameters().entrySet()) {
                Tensor grad = e.getValue().grad();
                assertNotNull(grad, head.getClass().getSimpleName() + "." + e.getKey() + " got no gradient");
                assertTrue(grad.abs().sum().item() > 0, head.getClass().getSimpleName() + "." + e.getKey() + " got a zero gradient");
            }
        }
    }

    @Test
    void linearHeadFitsATinyBatch() {
        Torch.manualSeed(2);
        try (LinearHead head = new LinearHead(32, 4); Scope s = Scope.open()) {
            Tensor x = Tensor.randn(8, 32);
            Tensor y = Tensor.randint(0, 4, 8);
            assertFits(head, () -> Losses.crossEntropy(head.forward(x), y));
        }
    }

    @Test
    void multiInputFusionHeadFitsATinyBatch() {
        Torch.manualSeed(3);
        try (MultiInputFusionHead head = new MultiInputFusionHead(32, 2, 64, 4); Scope s = Scope.open()) {
            Tensor x = Tensor.randn(8, 2, 32);
            Tensor y = Tensor.randint(0, 4, 8);
            assertFits(head, () -> Losses.crossEntropy(head.forward(x), y));
        }
    }

    @Test
    void uNetHeadFitsATinyBatch() {
        Torch.manualSeed(4);
        try (UNetHead head = new UNetHead(TINY, 1); Scope s = Scope.open()) {
            List<Tensor> blocks = Blocks.random(TINY, 2, 32, 32);
            Tensor depth = coarse(Tensor.rand(2, 1, 8, 8).add(1.0));
            assertFits(head, () -> Losses.depthL1(head.forward(blocks), depth));
        }
    }

    @Test
    void siameseUNetHeadFitsATinyBatch() {
        Torch.manualSeed(5);
        try (SiameseUNetHead head = new SiameseUNetHead(TINY, 2); Scope s = Scope.open()) {
            List<Tensor> first = Blocks.random(TINY, 2, 32, 32);
            List<Tensor> second = Blocks.random(TINY, 2, 32, 32);
            Tensor flow = coarse(Tensor.randn(2, 2, 8, 8).mul(4.0));
            assertFits(head, () -> Losses.flowL1(head.forward(first, second), flow));
        }
    }

    @Test
    void deepLabV3PlusHeadFitsATinyBatch() {
        Torch.manualSeed(6);
        try (DeepLabV3PlusHead head = new DeepLabV3PlusHead(TINY, 3); Scope s = Scope.open()) {
            List<Tensor> blocks = Blocks.random(TINY, 2, 32, 32);
            Tensor labels = coarse(Tensor.randint(0, 3, 2, 1, 8, 8).to(DType.FLOAT32)).squeeze(1).to(DType.INT64);
            assertFits(head, () -> Losses.pixelwiseCrossEntropy(head.forward(blocks), labels, 255));
        }
    }

    /**
     * A 32×32 target made of 4×4 patches of {@code [N, C, 8, 8]} values: fixed, varied, and within reach of heads
     * whose finest evidence is block 1 (DeepLab predicts at stride 4 and upsamples).
     */
    private static Tensor coarse(Tensor values) {
        return Functional.interpolateNearest(values, 32, 32);
    }

    /** Adam at 1e-2 for {@value #STEPS} steps must divide the loss by {@value #REQUIRED_DROP}. */
    private static void assertFits(Module head, java.util.function.Supplier<Tensor> loss) {
        try (Adam adam = new Adam(ParameterGroup.all(head.parameters()), AdamOptions.adam(1e-2))) {
            double first = Double.NaN;
            double last = Double.NaN;
            for (int step = 0; step < STEPS; step++) {
                try (Scope s = Scope.open()) {
                    adam.zeroGrad();
                    Tensor value = loss.get();
                    value.backward();
                    adam.step();
                    last = value.item();
                    if (step == 0) {
                        first = last;
                    }
                }
            }
            System.out.printf("%s: loss %.4f -> %.4f in %d steps%n", head.getClass().getSimpleName(), first, last, STEPS);
            assertTrue(last < first / REQUIRED_DROP, head.getClass().getSimpleName() + ": loss " + first + " -> " + last);
        }
    }
}
