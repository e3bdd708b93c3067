package dev.repbench.runtime.analysis.compare;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The supervised encoder a comparison measures an encoder against. The study had one, supervised ImageNet, and
 * measured every encoder against it; a study with a supervised encoder per pretraining dataset measures each encoder
 * against the one pretrained on the same data, so that the difference is the training signal, not the images.
 */
final class SupervisedReference {
    private final List<EncoderInfo> supervised;
    private final String comparison;

    private SupervisedReference(List<EncoderInfo> supervised, String comparison) {
        this.supervised = supervised;
        this.comparison = comparison;
    }

    /** @throws IllegalArgumentException when {@code table} has no supervised encoder */
    static SupervisedReference of(ResultTable table, String comparison) {
        List<EncoderInfo> supervised = table.encoders().stream().filter(EncoderInfo::isSupervised).toList();
        if (supervised.isEmpty()) {
            throw new IllegalArgumentException(comparison + " needs a supervised encoder (provenance algorithm '"
                    + EncoderInfo.SUPERVISED + "'), and none of " + Checks.labels(table.encoders()) + " is one");
        }
        return new SupervisedReference(supervised, comparison);
    }

    /**
     * The supervised encoder to measure an encoder pretrained on {@code dataset} (null: not recorded) against: the
     * only one, or else the one pretrained on the same dataset.
     *
     * @throws IllegalArgumentException where there are several and none or more than one matches, naming them
     */
    EncoderInfo forDataset(String dataset) {
        return find(dataset).orElseThrow(() -> new IllegalArgumentException(whyNone(dataset)));
    }

    /** As {@link #forDataset}, empty where it would refuse. */
    Optional<EncoderInfo> find(String dataset) {
        if (supervised.size() == 1) {
            return Optional.of(supervised.getFirst());
        }
        List<EncoderInfo> same = sameDataset(dataset);
        return same.size() == 1 ? Optional.of(same.getFirst()) : Optional.empty();
    }

    private List<EncoderInfo> sameDataset(String dataset) {
        return supervised.stream().filter(e -> dataset != null && Objects.equals(dataset, e.dataset())).toList();
    }

    /** Why {@link #find} finds none for {@code dataset}, naming the supervised encoders. */
    String whyNone(String dataset) {
        List<EncoderInfo> same = sameDataset(dataset);
        String data = dataset == null ? "an unrecorded dataset" : dataset;
        return comparison + " measures an encoder against the one supervised encoder, or, "
                + "with several, against the one pretrained on its own dataset; for " + data + " "
                + (same.isEmpty() ? "none of " + Checks.labels(supervised) + " was pretrained on it"
                : same.size() + " of them were (" + Checks.labels(same) + ")")
                + " (keep one supervised encoder, or one per pretraining dataset)";
    }
}
