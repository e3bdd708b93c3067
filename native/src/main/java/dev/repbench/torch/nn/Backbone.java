package dev.repbench.torch.nn;

import dev.repbench.torch.Tensor;
import java.util.List;

/**
 * An encoder a pretraining method trains and RepBench exports: a module that maps images {@code [N, 3, H, W]} to a
 * pooled embedding {@code [N, D]} and to the feature maps of its blocks, named by its architecture. {@link ResNet}
 * is one; a plugin's own network extends this class (and implements
 * {@link dev.repbench.torch.onnx.OnnxExportable} to write its {@code embedding} and {@code block1}…
 * outputs) and registers its architecture in {@link dev.repbench.torch.nn.arch.ArchitectureRegistry}.
 *
 * <p>Results are owned by the caller's current {@link dev.repbench.torch.Scope}, as for every module.
 */
public abstract class Backbone extends Module {

    /** @return the name of the architecture in the registry, e.g. {@code resnet18-small} */
    public abstract String architecture();

    /** @return D, the width of {@link #forwardEmbedding}'s output */
    public abstract long embeddingDim();

    /**
     * @param input images {@code [N, 3, H, W]}
     * @return the pooled embedding {@code [N, D]}, with no block output kept alive beyond what autograd needs
     */
    public abstract Tensor forwardEmbedding(Tensor input);

    /**
     * @param input images {@code [N, 3, H, W]}
     * @return the block outputs {@code [N, C_k, H/s_k, W/s_k]}, block 1 first, as the architecture's layout lists them
     */
    public abstract List<Tensor> forwardBlocks(Tensor input);

    @Override
    public Backbone train(boolean training) {
        super.train(training);
        return this;
    }

    @Override
    public Backbone eval() {
        return train(false);
    }
}
