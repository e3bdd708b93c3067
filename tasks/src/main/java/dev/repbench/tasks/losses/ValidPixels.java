package dev.repbench.tasks.losses;

import dev.repbench.torch.Op;
import dev.repbench.torch.Tensor;

/**
 * Which pixels of a dense target have ground truth. Depth is valid where it is finite and positive (readers mark
 * missing depth with NaN; 0 and negative depths are sensor sentinels, never real distances); flow is valid where
 * both components are finite (KITTI's valid flag, carried as NaN by {@link dev.repbench.api.data.FlowMap}).
 */
public final class ValidPixels {
    private static final Op ISFINITE = Op.of("aten::isfinite");
    private static final Op LOGICAL_AND = Op.of("aten::logical_and");
    private static final Op GT = Op.of("aten::gt", "Scalar");
    private static final Op ALL_DIM = Op.of("aten::all", "dim");

    private ValidPixels() {
    }

    /** Whether one depth value is ground truth: finite and greater than 0. */
    public static boolean isValidDepth(float depth) {
        return Float.isFinite(depth) && depth > 0;
    }

    /** Whether one flow vector is ground truth: both components finite. */
    public static boolean isValidFlow(float u, float v) {
        return Float.isFinite(u) && Float.isFinite(v);
    }

    /** A bool tensor of {@code depth}'s shape, true where the depth is finite and greater than 0. */
    public static Tensor depthMask(Tensor depth) {
        return LOGICAL_AND.call1(ISFINITE.call1(depth), GT.call1(depth, 0.0));
    }

    /** {@code [N, 2, H, W]} flow → a bool {@code [N, H, W]} mask, true where u and v are both finite. */
    public static Tensor flowMask(Tensor flow) {
        if (flow.ndim() != 4 || flow.size(1) != 2) {
            throw new IllegalArgumentException("flow must be [N, 2, H, W], got " + flow.describe());
        }
        return ALL_DIM.call1(ISFINITE.call1(flow), 1L, false);
    }
}
