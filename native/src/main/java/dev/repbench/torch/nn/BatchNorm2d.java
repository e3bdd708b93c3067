package dev.repbench.torch.nn;

import dev.repbench.torch.DType;
import dev.repbench.api.Device;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Op;
import dev.repbench.torch.Tensor;

/**
 * Batch normalisation over the channels of {@code [N, C, H, W]}, as {@code torch.nn.BatchNorm2d}: parameters
 * {@code weight} (1) and {@code bias} (0), buffers {@code running_mean} (0), {@code running_var} (1) and
 * {@code num_batches_tracked} (int64 scalar). In training mode a forward pass normalises with the batch's
 * statistics and updates the running ones (momentum 0.1); in eval mode it uses the running statistics.
 */
public final class BatchNorm2d extends Layer {
    public static final double DEFAULT_EPS = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;
    private static final Op ADD_SCALAR_ = Op.of("aten::add_", "Scalar");

    private final double eps;
    private final double momentum;

    public BatchNorm2d(long channels) {
        this(channels, DEFAULT_EPS, DEFAULT_MOMENTUM);
    }

    public BatchNorm2d(long channels, double eps, double momentum) {
        this.eps = eps;
        this.momentum = momentum;
        registerParameter("weight", () -> Tensor.ones(channels));
        registerParameter("bias", () -> Tensor.zeros(channels));
        registerBuffer("running_mean", () -> Tensor.zeros(channels));
        registerBuffer("running_var", () -> Tensor.ones(channels));
        registerBuffer("num_batches_tracked", () -> Tensor.zeros(DType.INT64, Device.CPU));
    }

    /** The constant added to the variance before its square root. */
    public double eps() {
        return eps;
    }

    /** The weight of a new batch's statistics in the running ones (training mode only). */
    public double momentum() {
        return momentum;
    }

    public Tensor weight() {
        return parameter("weight");
    }

    public Tensor bias() {
        return parameter("bias");
    }

    public Tensor runningMean() {
        return buffer("running_mean");
    }

    public Tensor runningVar() {
        return buffer("running_var");
    }

    public Tensor numBatchesTracked() {
        return buffer("num_batches_tracked");
    }

    @Override
    public Tensor forward(Tensor input) {
        boolean training = isTraining();
        if (training) {
            // aten::batch_norm updates the running statistics itself; the batch counter is ours (PyTorch counts it in Python).
            try (GradMode off = GradMode.disabled()) {
                ADD_SCALAR_.callInPlace(numBatchesTracked(), 1L);
            }
        }
        return Functional.batchNorm(input, runningMean(), runningVar(), weight(), bias(), training, momentum, eps);
    }
}
