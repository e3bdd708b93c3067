package dev.repbench.tasks.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a metric is computed: as defined, or as the study's code (ViRB) computed it. */
public enum MetricMode {
    /** The standard definition, accumulated over the whole test split. */
    STANDARD("standard"),
    /**
     * ViRB's own computation where it differs from the standard one: per-batch averages (each {@code add} call is
     * one batch), mIoU per image over the classes present in the batch with class 0 skipped, L1 over every pixel.
     * For numbers comparable with the paper's tables, never for new conclusions.
     */
    VIRB_COMPAT("virb-compat");

    private final String id;

    MetricMode(String id) {
        this.id = id;
    }

    /** @return the name on the command line and in specs, e.g. {@code virb-compat} */
    public String id() {
        return id;
    }

    /**
     * The one parser of a metric mode, for the command line and specs alike.
     *
     * @param text an {@link #id()}, any case, surrounding blanks ignored
     * @return the mode
     * @throws IllegalArgumentException naming the accepted ids
     */
    public static MetricMode parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (MetricMode mode : values()) {
            if (mode.id.equals(wanted)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a metric mode: use one of "
                + Arrays.stream(values()).map(MetricMode::id).collect(Collectors.joining(", ")));
    }
}
