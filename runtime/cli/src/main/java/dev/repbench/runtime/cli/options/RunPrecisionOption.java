package dev.repbench.runtime.cli.options;

import dev.repbench.api.Precision;
import picocli.CommandLine.Option;

/**
 * {@code --precision} on {@code report --spec}: the precision a {@code run --precision} gave the study instead of the
 * spec's. A bf16 pixelwise evaluation has its own configuration hash, so the report finds that run's records only
 * when it keys them with the same precision. (Cells do not depend on it, so {@code status} needs no such option.)
 */
public final class RunPrecisionOption {
    @Option(names = "--precision", paramLabel = "fp32|bf16", converter = PrecisionOption.PrecisionConverter.class,
            description = {"The --precision the study was run with, where it overrode the spec's (default: the spec's)."})
    private Precision precision;

    /** @return the precision if {@code --precision} was given, else null (the spec's applies) */
    public Precision given() {
        return precision;
    }
}
