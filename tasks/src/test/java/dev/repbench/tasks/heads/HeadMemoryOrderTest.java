package dev.repbench.tasks.heads;

import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A channels-last head (bf16 on the CPU) keeps channels-last through its resizes, and an NCHW head (fp32) stays NCHW.
 * The DeepLabv3+ head once lost the order at ASPP's image-pooling branch (a 1×1 map, both orders at once), so its
 * context map was upsampled as NCHW bfloat16, libtorch 1.13's slow path, and its decoder convolutions got NCHW
 * input.
 */
class HeadMemoryOrderTest {
    private static final Pyramid SMALL_RESNET = Pyramid.of(new long[] {64, 64, 128, 256, 512}, new long[] {1, 1, 2, 4, 8});

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
        Torch.manualSeed(3);
    }

    private static boolean strictlyChannelsLast(Tensor x) {
        return x.isChannelsLast() && !x.isContiguous();
    }

    private static List<Tensor> channelsLast(List<Tensor> blocks) {
        return blocks.stream().map(Tensor::toChannelsLast).toList();
    }

    @Test
    void resizeFollowsTheReferenceOrder() {
        try (Scope s = Scope.open()) {
            Tensor coarse = Tensor.randn(2, 8, 4, 4);
            Tensor nchwLike = Tensor.randn(2, 3, 16, 16);
            Tensor nhwcLike = nchwLike.toChannelsLast();
            assertTrue(Resize.like(coarse, nchwLike).isContiguous());
            assertTrue(strictlyChannelsLast(Resize.like(coarse, nhwcLike)));
            // a 1×1 map is both orders at once: its resize takes the reference's
            Tensor pooled = Tensor.randn(2, 8, 1, 1);
            assertTrue(strictlyChannelsLast(Resize.like(pooled, Tensor.randn(2, 3, 4, 4).toChannelsLast())));
            assertTrue(Resize.like(pooled, Tensor.randn(2, 3, 4, 4)).isContiguous());
            // the same values, up to the kernels' float32 rounding
            assertEquals(0.0, Resize.like(coarse, nhwcLike).sub(Resize.like(coarse, nchwLike)).abs().max().item(), 1e-5);
        }
    }

    @Test
    void asppAndDeepLabKeepChannelsLast() {
        try (DeepLabV3PlusHead head = new DeepLabV3PlusHead(SMALL_RESNET, 11);
             Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
            head.eval();
            List<Tensor> blocks = Blocks.random(SMALL_RESNET, 2, 32, 32);
            Tensor nchwContext = head.aspp().forward(blocks.getLast());
            Tensor nchwOut = head.forward(blocks);
            assertTrue(nchwContext.isContiguous(), "fp32 heads stay NCHW");
            assertTrue(nchwOut.isContiguous());

            head.toChannelsLast();
            List<Tensor> nhwc = channelsLast(blocks);
            Tensor context = head.aspp().forward(nhwc.getLast());
            assertTrue(strictlyChannelsLast(context), "ASPP's output after its pooled 1×1 branch");
            Tensor out = head.forward(nhwc);
            assertTrue(strictlyChannelsLast(out), "the logits, after the context's upsampling and the decoder");
            assertFalse(out.isContiguous());
            assertEquals(0.0, out.sub(nchwOut).abs().max().item(), 1e-4);
        }
    }

    /** Three output channels: a one-channel map (depth's) is both orders at once and would prove nothing. */
    @Test
    void uNetsKeepChannelsLast() {
        for (Pyramid pyramid : List.of(SMALL_RESNET, Pyramid.RESNET18)) {
            try (UNetHead unet = new UNetHead(pyramid, 3); SiameseUNetHead siamese = new SiameseUNetHead(pyramid, 2);
                 Scope s = Scope.open(); GradMode off = GradMode.disabled()) {
                unet.toChannelsLast();
                siamese.toChannelsLast();
                List<Tensor> first = channelsLast(Blocks.random(pyramid, 2, 32, 32));
                List<Tensor> second = channelsLast(Blocks.random(pyramid, 2, 32, 32));
                assertTrue(strictlyChannelsLast(unet.forward(first, 32, 32)), pyramid.toString());
                assertTrue(strictlyChannelsLast(siamese.forward(first, second, 32, 32)), pyramid.toString());
            }
        }
    }
}
