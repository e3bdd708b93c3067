package dev.repbench.runtime.eval.imagelevel;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Target;
import dev.repbench.runtime.features.cache.FeatureFile;

import java.util.List;
import java.util.Objects;

/**
 * Pooled embeddings of some samples of a split, as one row-major {@code float} array, with their class labels.
 * Values are the encoder's raw outputs: the study trains heads on unstandardised frozen features, and so do we.
 *
 * @param features {@code rows × dim} values, row-major
 * @param labels   one class index per row
 * @param dim      the embedding size D
 */
public record LabelledEmbeddings(float[] features, int[] labels, int dim) {

    /** @throws IllegalArgumentException if the sizes disagree */
    public LabelledEmbeddings {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (dim < 1 || features.length != (long) labels.length * dim) {
            throw new IllegalArgumentException(features.length + " values for " + labels.length + " rows of " + dim);
        }
    }

    /**
     * Reads rows {@code indices} of a cached {@code [N, D]} embedding file and the class labels of the same samples.
     *
     * @param embeddings the split's cached embeddings
     * @param source     the split's samples, for labels (indices match the cache's rows)
     * @param indices    which rows
     * @return the rows and labels, in {@code indices}' order
     * @throws IllegalArgumentException if the file is not 2-D or a sample's target is not a {@link ClassLabel}
     */
    public static LabelledEmbeddings read(FeatureFile embeddings, SampleSource source, int[] indices) {
        return read(List.of(embeddings), source, indices);
    }

    /**
     * Reads rows {@code indices} of K frames' cached {@code [N, D]} embeddings: each row holds the sample's K
     * embeddings in frame order ({@code dim = K·D}), with the sample's class label.
     *
     * @param perFrame one cached embedding file per frame position, in frame order
     * @see #read(FeatureFile, SampleSource, int[])
     */
    public static LabelledEmbeddings read(List<FeatureFile> perFrame, SampleSource source, int[] indices) {
        int frameDim = -1;
        for (FeatureFile embeddings : perFrame) {
            long[] shape = embeddings.shape();
            if (shape.length != 2 || (frameDim != -1 && embeddings.rowFloats() != frameDim)) {
                throw new IllegalArgumentException(embeddings.path() + " is not a pooled [N, D] embedding like the others: shape "
                        + java.util.Arrays.toString(shape));
            }
            frameDim = embeddings.rowFloats();
        }
        int dim = frameDim * perFrame.size();
        float[] features = new float[indices.length * dim];
        float[] row = new float[frameDim];
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            for (int k = 0; k < perFrame.size(); k++) {
                perFrame.get(k).readRow(indices[i], row);
                System.arraycopy(row, 0, features, i * dim + k * frameDim, frameDim);
            }
            Target target = source.get(indices[i]).target();
            if (!(target instanceof ClassLabel label)) {
                throw new IllegalArgumentException("sample " + indices[i] + " has target " + target
                        + "; an image-level classification head needs class labels");
            }
            labels[i] = label.index();
        }
        return new LabelledEmbeddings(features, labels, dim);
    }

    /** @return the number of rows */
    public int size() {
        return labels.length;
    }
}
