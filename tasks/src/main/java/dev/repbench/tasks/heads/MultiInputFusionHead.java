package dev.repbench.tasks.heads;

import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Functional;
import dev.repbench.torch.nn.Layer;
import dev.repbench.torch.nn.Linear;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The study's multi-input fusion classifier (Appendix B): one linear module per image of a sequence, their
 * outputs concatenated, then a fusion layer. Here each frame position {@code k} has its own
 * {@code Linear(D, hidden)} ({@code frames.k}), the K outputs are concatenated to {@code [N, K·hidden]} and
 * passed through ReLU, and {@code fusion} is a {@code Linear(K·hidden, classes)}. Frame positions do not share
 * weights: the order of frames carries the signal (egomotion, action).
 */
public final class MultiInputFusionHead extends Layer {
    /** The width of each frame's linear module unless told otherwise. */
    public static final long DEFAULT_HIDDEN = 512;

    private final ModuleList<Linear> frames;
    private final Linear fusion;
    private final long embeddingDim;

    /**
     * @param embeddingDim D, the encoder's pooled embedding size
     * @param frameCount   K, the images per sample (2 for egomotion, 6 for Kinetics), at least 2
     * @param hidden       the output width of each frame's linear module
     * @param classes      the number of output classes
     */
    public MultiInputFusionHead(long embeddingDim, int frameCount, long hidden, long classes) {
        if (frameCount < 2) {
            throw new IllegalArgumentException("a fusion head takes at least 2 frames, got " + frameCount);
        }
        this.embeddingDim = embeddingDim;
        List<Linear> perFrame = new ArrayList<>();
        for (int k = 0; k < frameCount; k++) {
            perFrame.add(new Linear(embeddingDim, hidden));
        }
        frames = registerModule("frames", new ModuleList<>(perFrame));
        fusion = registerModule("fusion", new Linear(frameCount * hidden, classes));
    }

    /** A head with {@link #DEFAULT_HIDDEN} units per frame. */
    public MultiInputFusionHead(long embeddingDim, int frameCount, long classes) {
        this(embeddingDim, frameCount, DEFAULT_HIDDEN, classes);
    }

    /** K, the frames per sample. */
    public int frameCount() {
        return frames.size();
    }

    /**
     * @param embeddings {@code [N, K, D]}: the K frames' pooled embeddings of each sample, in frame order
     * @return {@code [N, classes]} logits
     */
    @Override
    public Tensor forward(Tensor embeddings) {
        long[] shape = embeddings.shape();
        if (shape.length != 3 || shape[1] != frameCount() || shape[2] != embeddingDim) {
            throw new IllegalArgumentException("expected [N, " + frameCount() + ", " + embeddingDim + "] embeddings, got "
                    + Arrays.toString(shape));
        }
        try (Scope inner = Scope.open()) {
            List<Tensor> perFrame = new ArrayList<>();
            for (int k = 0; k < frameCount(); k++) {
                perFrame.add(embeddings.select(1, k));
            }
            return inner.keepInParent(fuse(perFrame));
        }
    }

    /**
     * @param embeddings K tensors {@code [N, D]}, one per frame position, in frame order
     * @return {@code [N, classes]} logits
     */
    public Tensor forward(List<Tensor> embeddings) {
        if (embeddings.size() != frameCount()) {
            throw new IllegalArgumentException("expected " + frameCount() + " frames, got " + embeddings.size());
        }
        try (Scope inner = Scope.open()) {
            return inner.keepInParent(fuse(embeddings));
        }
    }

    private Tensor fuse(List<Tensor> perFrame) {
        List<Tensor> outputs = new ArrayList<>();
        for (int k = 0; k < perFrame.size(); k++) {
            outputs.add(frames.get(k).forward(perFrame.get(k)));
        }
        return fusion.forward(Functional.relu(Tensor.cat(outputs, 1)));
    }
}
