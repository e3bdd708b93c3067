package dev.repbench.tasks.heads;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Conv2d;
import dev.repbench.torch.nn.Module;

import java.util.ArrayList;
import java.util.List;

/**
 * The study's Siamese U-Net over two frames (used for optical flow): at every level the two frames' blocks are
 * concatenated along channels and fused by a point (1×1) convolution back to the block's channels
 * ({@code fuse<k>}), and the fused pyramid goes through a {@link UNetHead} ({@code decoder}), so the fused blocks
 * are added to the decoder after every upsampling convolution.
 *
 * <p>Entries: {@code fuse1.weight, fuse1.bias, …, fuse5.*, decoder.up4.*, …, decoder.out.*} for five blocks.
 */
public final class SiameseUNetHead extends Module {
    private final Pyramid pyramid;
    private final Conv2d[] fuse;
    private final UNetHead decoder;

    /**
     * @param pyramid the encoder's blocks (the same encoder for both frames)
     * @param outputs the output channels (2 for flow: u then v)
     */
    public SiameseUNetHead(Pyramid pyramid, long outputs) {
        this.pyramid = pyramid;
        int n = pyramid.blocks();
        fuse = new Conv2d[n + 1];
        for (int k = 1; k <= n; k++) {
            long c = pyramid.channels(k);
            fuse[k] = registerModule("fuse" + k, new Conv2d(2 * c, c, 1, 1, 0, true));
        }
        decoder = registerModule("decoder", new UNetHead(pyramid, outputs));
    }

    public Pyramid pyramid() {
        return pyramid;
    }

    /**
     * @param first  the first frame's {@code block1 … blockN}, block k {@code [N, channels(k), H/stride(k), W/stride(k)]}
     * @param second the second frame's blocks, same shapes
     * @param height the output height H
     * @param width  the output width W
     * @return {@code [N, outputs, H, W]}
     */
    public Tensor forward(List<Tensor> first, List<Tensor> second, long height, long width) {
        pyramid.check(first);
        pyramid.check(second);
        try (Scope inner = Scope.open()) {
            List<Tensor> fused = new ArrayList<>();
            for (int k = 1; k <= pyramid.blocks(); k++) {
                Tensor a = first.get(k - 1);
                Tensor b = second.get(k - 1);
                if (!java.util.Arrays.equals(a.shape(), b.shape())) {
                    throw new IllegalArgumentException("block" + k + " differs between the frames: " + a.describe()
                            + " vs " + b.describe());
                }
                fused.add(fuse[k].forward(Tensor.cat(List.of(a, b), 1)));
            }
            return inner.keepInParent(decoder.decode(fused, height, width));
        }
    }

    /** As {@link #forward(List, List, long, long)} at the input size block 1 implies. */
    public Tensor forward(List<Tensor> first, List<Tensor> second) {
        long[] size = pyramid.inputSize(first);
        return forward(first, second, size[0], size[1]);
    }
}
