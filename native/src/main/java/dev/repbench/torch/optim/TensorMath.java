package dev.repbench.torch.optim;

import dev.repbench.torch.Op;
import dev.repbench.torch.Tensor;

/** The few operators the update rules need beyond {@link Tensor}'s methods. */
final class TensorMath {
    private static final Op ADD_SCALED = Op.of("aten::add", "Tensor");
    private static final Op ZEROS_LIKE = Op.of("aten::zeros_like");
    private static final Op VECTOR_NORM = Op.of("aten::linalg_vector_norm");

    private TensorMath() {
    }

    /** {@code a + alpha * b} as one operator, as PyTorch's {@code a.add(b, alpha=alpha)} (same rounding). */
    static Tensor addScaled(Tensor a, Tensor b, double alpha) {
        return ADD_SCALED.call1(a, b, alpha);
    }

    /** Zeros of {@code t}'s shape, dtype, device and memory layout. */
    static Tensor zerosLike(Tensor t) {
        return ZEROS_LIKE.call1(t);
    }

    /** The Euclidean norm of all elements, as a 0-d tensor of {@code t}'s dtype. */
    static Tensor norm(Tensor t) {
        return VECTOR_NORM.call1(t, 2.0);
    }
}
