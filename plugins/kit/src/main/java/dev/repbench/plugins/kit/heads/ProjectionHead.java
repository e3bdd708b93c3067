package dev.repbench.plugins.kit.heads;

import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.BatchNorm2d;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Layer;
import dev.repbench.torch.nn.Linear;

/**
 * A two-layer MLP {@code Linear(in, hidden) → [BatchNorm] → ReLU → Linear(hidden, out)}: SimCLR's and BYOL's
 * projector (with batch norm), MoCo v2's (without). With batch norm the first linear layer has no bias, which
 * the normalisation would cancel. Entries are named {@code 0}, {@code 1}, {@code 3} as in a PyTorch
 * {@code nn.Sequential} (ReLU at index 2 has no parameters).
 */
public final class ProjectionHead extends Layer {
    /**
     * The config name of the projection's output width, the same in every kit algorithm that projects (MoCo's and
     * SwAV's {@code feature-dim}, PIRL's {@code embedding-dim} before 1.2, still read as this).
     */
    public static final String OUTPUT_DIM = "projection-dim";
    /** The config name of the projector's hidden width (MoCo's {@code mlp-hidden-dim}, SwAV's {@code hidden-dim} before 1.2). */
    public static final String HIDDEN_DIM = "projector-hidden-dim";

    private final Linear first;
    private final BatchNorm2d norm;
    private final Linear second;

    /**
     * @param in        the embedding width
     * @param hidden    the hidden width
     * @param out       the projection width
     * @param batchNorm whether to normalise the hidden layer
     */
    public ProjectionHead(long in, long hidden, long out, boolean batchNorm) {
        first = registerModule("0", new Linear(in, hidden, !batchNorm));
        // BatchNorm2d's operator normalises a [N, C] input per feature, as BatchNorm1d does.
        norm = batchNorm ? registerModule("1", new BatchNorm2d(hidden)) : null;
        second = registerModule("3", new Linear(hidden, out));
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor hidden = first.forward(input);
        if (norm != null) {
            hidden = norm.forward(hidden);
        }
        return second.forward(Functional.relu(hidden));
    }
}
