package dev.repbench.torch.nn.arch;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the built-in architectures' forward GMACs against a count in closed form from torchvision's layer shapes
 * (every convolution's outputs × its kernel's inputs, and the 1000-class fc, as torchvision's figures count): the
 * published figures the registry states are those counts rounded, and the small-image variant's is within that
 * rounding. The closed form gives what forward hooks counting every {@code Conv2d} and {@code Linear} in Debian's
 * python3-torch give for torchvision's networks (1.814073344, 4.089184256, and 0.5559296 for the small-image
 * ResNet-18 at 32²). No libtorch: the registry states its counts without building a network.
 */
class ForwardGmacsTest {
    private static final int[] RESNET18_BLOCKS = {2, 2, 2, 2};
    private static final int[] RESNET50_BLOCKS = {3, 4, 6, 3};

    /** Output side of a convolution or pooling of kernel {@code k}, stride {@code s}, padding {@code p}. */
    private static int out(int side, int k, int s, int p) {
        return (side + 2 * p - k) / s + 1;
    }

    /**
     * Multiply-accumulates of torchvision's ResNet (v1.5: the stride on the 3×3) on a square image, in billions.
     *
     * @param bottleneck bottleneck blocks (ResNet-50) or basic ones (ResNet-18)
     * @param small      a 3×3 stride-1 stem and no max-pool, as RepBench's small-image ResNet-18
     */
    private static double closedFormGmacs(boolean bottleneck, int[] blocks, int side, boolean small) {
        long macs = 0;
        int k = small ? 3 : 7;
        int h = small ? out(side, 3, 1, 1) : out(side, 7, 2, 3);
        macs += (long) h * h * 64 * 3 * k * k;
        if (!small) {
            h = out(h, 3, 2, 1);
        }
        long in = 64;
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            long width = widths[stage];
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = b == 0 && stage > 0 ? 2 : 1;
                int o = out(h, 3, stride, 1);
                long outChannels;
                if (bottleneck) {
                    outChannels = 4 * width;
                    macs += (long) h * h * width * in;            // 1×1 reduce
                    macs += (long) o * o * width * width * 9;     // 3×3, strided
                    macs += (long) o * o * outChannels * width;   // 1×1 expand
                } else {
                    outChannels = width;
                    macs += (long) o * o * width * in * 9;
                    macs += (long) o * o * width * width * 9;
                }
                if (stride != 1 || in != outChannels) {
                    macs += (long) o * o * outChannels * in;      // 1×1 projection shortcut
                }
                in = outChannels;
                h = o;
            }
        }
        macs += in * 1000; // the fc
        return macs / 1e9;
    }

    private static double gmacs(String name) {
        return ArchitectureRegistry.builtIn().get(name).forwardGmacs().orElseThrow();
    }

    private static double roundedTo2(double x) {
        return Math.round(x * 100) / 100.0;
    }

    @Test
    void torchvisionsPublishedFiguresAreTheLayerShapesCountRounded() {
        double resnet18 = closedFormGmacs(false, RESNET18_BLOCKS, 224, false);
        double resnet50 = closedFormGmacs(true, RESNET50_BLOCKS, 224, false);
        assertEquals(1.814073344, resnet18, 1e-12);
        assertEquals(4.089184256, resnet50, 1e-12);
        assertEquals(roundedTo2(resnet18), gmacs("resnet18"));
        assertEquals(roundedTo2(resnet50), gmacs("resnet50"));
    }

    @Test
    void theSmallImageResNetIsItsLayerShapesCountWithinThePublishedRounding() {
        double exact = closedFormGmacs(false, RESNET18_BLOCKS, 32, true);
        double stated = gmacs("resnet18-small");
        assertEquals(32, ArchitectureRegistry.builtIn().get("resnet18-small").layout().defaultInputSide());
        assertTrue(Math.abs(stated - exact) / exact < 0.005, stated + " vs " + exact);
    }

    @Test
    void anotherSideScalesWithTheImagesArea() {
        Architecture resnet50 = ArchitectureRegistry.builtIn().get("resnet50");
        assertEquals(gmacs("resnet50") / 4, resnet50.forwardGmacs(112).orElseThrow(), 1e-12);
        double stated = ArchitectureRegistry.builtIn().get("resnet18-small").forwardGmacs(64).orElseThrow();
        double exact = closedFormGmacs(false, RESNET18_BLOCKS, 64, true);
        assertTrue(Math.abs(stated - exact) / exact < 0.005, stated + " vs " + exact);
    }

    @Test
    void anArchitectureThatStatesNoCountHasNone() {
        assertTrue(new TinyArchitecture().forwardGmacs().isEmpty());
        assertTrue(new TinyArchitecture().forwardGmacs(64).isEmpty());
    }
}
