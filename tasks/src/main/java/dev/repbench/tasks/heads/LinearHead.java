package dev.repbench.tasks.heads;

import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Layer;
import dev.repbench.torch.nn.Linear;

/**
 * The study's single layer classifier: one fully connected layer on the pooled embedding. Entries
 * {@code fc.weight [classes, D]} and {@code fc.bias [classes]}, PyTorch's default initialisation.
 */
public final class LinearHead extends Layer {
    private final Linear fc;

    /**
     * @param embeddingDim D, the encoder's pooled embedding size (512 for ResNet-18, 2048 for ResNet-50)
     * @param classes      the number of output classes
     */
    public LinearHead(long embeddingDim, long classes) {
        fc = registerModule("fc", new Linear(embeddingDim, classes));
    }

    /**
     * @param embedding {@code [N, D]} pooled embeddings
     * @return {@code [N, classes]} logits
     */
    @Override
    public Tensor forward(Tensor embedding) {
        return fc.forward(embedding);
    }
}
