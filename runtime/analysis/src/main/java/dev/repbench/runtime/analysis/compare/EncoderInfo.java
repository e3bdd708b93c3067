package dev.repbench.runtime.analysis.compare;

import dev.repbench.runtime.encoder.EncoderDescriptor;
import java.util.Objects;

/**
 * An encoder as the comparisons see it: its ONNX hash, a readable label, and its provenance (unknown parts null).
 *
 * @param sha256    the encoder's ONNX sha256, as in its result records
 * @param label     the name shown in tables and charts, unique within a {@link ResultTable}
 * @param algorithm the pretraining algorithm, e.g. {@code moco-v2}, {@code supervised}, {@code random-init}
 * @param dataset   the pretraining dataset
 * @param epochs    pretraining epochs
 */
public record EncoderInfo(String sha256, String label, String algorithm, String dataset, Integer epochs) {
    /** The algorithm name of a supervised (labelled) pretraining: the study's baseline. */
    public static final String SUPERVISED = "supervised";
    /** The algorithm name of untrained weights. */
    public static final String RANDOM_INIT = "random-init";
    private static final int SHORT_HASH = 12;

    public EncoderInfo {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(label, "label");
    }

    /** The encoder described by {@code provenance}, labelled {@code algorithm/dataset/epochs ep}. */
    public static EncoderInfo of(String sha256, EncoderDescriptor.Provenance provenance) {
        String algorithm = provenance.algorithm();
        String dataset = provenance.dataset();
        Integer epochs = provenance.epochs();
        StringBuilder label = new StringBuilder(algorithm == null ? "unknown" : algorithm);
        if (dataset != null) {
            label.append('/').append(dataset);
        }
        if (epochs != null) {
            label.append('/').append(epochs).append("ep");
        }
        return new EncoderInfo(sha256, label.toString(), algorithm, dataset, epochs);
    }

    /** An encoder whose provenance is not known: labelled by its hash. */
    public static EncoderInfo unknown(String sha256) {
        return new EncoderInfo(sha256, shortHash(sha256), null, null, null);
    }

    /** This encoder under another label (its name in a study, or one made unique). */
    public EncoderInfo withLabel(String newLabel) {
        return new EncoderInfo(sha256, newLabel, algorithm, dataset, epochs);
    }

    /** @return whether it was pretrained with labels: the study's baseline */
    public boolean isSupervised() {
        return SUPERVISED.equals(algorithm);
    }

    /** @return whether it was pretrained by a known algorithm other than supervised or random initialisation */
    public boolean isSelfSupervised() {
        return algorithm != null && !isSupervised() && !RANDOM_INIT.equals(algorithm);
    }

    /** The first characters of a hash, enough to tell encoders apart. */
    public static String shortHash(String sha256) {
        return sha256.length() <= SHORT_HASH ? sha256 : sha256.substring(0, SHORT_HASH);
    }
}
