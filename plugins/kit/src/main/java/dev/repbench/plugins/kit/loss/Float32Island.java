package dev.repbench.plugins.kit.loss;

import dev.repbench.torch.Autocast;
import dev.repbench.torch.DType;
import dev.repbench.torch.Tensor;

/**
 * Where a loss computes in float32 whatever precision the step trains in. Under bf16 autocast the projections and
 * prototype scores a loss receives are bf16, which keeps 8 significant bits: a cosine similarity near 1 is off by up to
 * 0.004, a logit over τ = 0.07 by 0.06, and exp(s / 0.05) in Sinkhorn by 8 %. These tensors are small next to the
 * backbone's activations (a 128 × 4096 similarity matrix against 128 × 64 × 32 × 32), so the losses undo the
 * lowering: inside an island, autocast is off and the inputs are float32 again.
 * <pre>{@code
 * try (Scope inner = Scope.open(); Float32Island island = Float32Island.open(queries)) {
 *     Tensor q = island.input(queries);
 *     ...
 * }
 * }</pre>
 */
public final class Float32Island implements AutoCloseable {
    private final Autocast region;

    private Float32Island(Autocast region) {
        this.region = region;
    }

    /** Opens an island on {@code input}'s device (autocast off there until closed). */
    public static Float32Island open(Tensor input) {
        return new Float32Island(Autocast.disabled(input.device()));
    }

    /**
     * @return {@code t} raised to float32 when it is of a lower precision (bf16, fp16), as a copy autograd
     *         differentiates through; otherwise {@code t} itself (float64 stays float64)
     */
    public Tensor input(Tensor t) {
        DType dtype = t.dtype();
        return dtype == DType.BFLOAT16 || dtype == DType.FLOAT16 ? t.to(DType.FLOAT32) : t;
    }

    /** Restores the autocast state found when opening. */
    @Override
    public void close() {
        region.close();
    }
}
