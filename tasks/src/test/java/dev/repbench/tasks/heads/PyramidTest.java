package dev.repbench.tasks.heads;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.ResNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PyramidTest {
    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @Test
    void resnetPyramidsMatchTheNativeResNets() {
        try (ResNet r18 = ResNet.resnet18(); ResNet r50 = ResNet.resnet50()) {
            assertEquals(Pyramid.of(r18.blockChannels(), r18.blockStrides()), Pyramid.RESNET18);
            assertEquals(Pyramid.of(r50.blockChannels(), r50.blockStrides()), Pyramid.RESNET50);
        }
        assertEquals(2048, Pyramid.RESNET50.embeddingDim());
        assertEquals(5, Pyramid.RESNET18.blocks());
        assertEquals(2, Pyramid.RESNET18.upscale(5));
        assertEquals(128, Pyramid.RESNET18.channels(3));
    }

    @Test
    void refusesInconsistentDescriptions() {
        assertThrows(IllegalArgumentException.class, () -> Pyramid.of(new long[] {64, 128}, new long[] {2}));
        assertThrows(IllegalArgumentException.class, () -> Pyramid.of(new long[] {64}, new long[] {2}));
        assertThrows(IllegalArgumentException.class, () -> Pyramid.of(new long[] {64, 0}, new long[] {2, 4}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pyramid.of(new long[] {64, 128}, new long[] {4, 6}));
        assertTrue(e.getMessage().contains("does not divide"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pyramid.RESNET18.channels(6));
        assertThrows(IllegalArgumentException.class, () -> Pyramid.RESNET18.upscale(1));
    }

    @Test
    void checksBlockTensors() {
        try (Scope s = Scope.open()) {
            List<Tensor> blocks = Blocks.random(Pyramid.RESNET18, 2, 64, 64);
            Pyramid.RESNET18.check(blocks);
            assertArrayEquals(new long[] {64, 64}, Pyramid.RESNET18.inputSize(blocks));
            IllegalArgumentException wrongEncoder = assertThrows(IllegalArgumentException.class, () -> Pyramid.RESNET50.check(blocks));
            assertTrue(wrongEncoder.getMessage().contains("block2 should be [N, 256, H, W]"), wrongEncoder.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Pyramid.RESNET18.check(blocks.subList(0, 4)));
        }
    }
}
