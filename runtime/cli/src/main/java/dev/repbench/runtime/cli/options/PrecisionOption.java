package dev.repbench.runtime.cli.options;

import dev.repbench.api.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --precision fp32|bf16}: what networks train in (pretraining, pixelwise heads). bf16 autocasts convolutions and
 * matmuls to bfloat16 on hardware that has it natively, and falls back to fp32, with one line, where it has not.
 */
public final class PrecisionOption {
    @Option(names = "--precision", paramLabel = "fp32|bf16", converter = PrecisionConverter.class,
            description = {"Training precision: fp32, or bf16 mixed precision (convolutions and matmuls in bfloat16,",
                    "losses and weights in float32; fp32 where the CPU lacks AVX512_BF16/AMX) (default: fp32)."})
    private Precision precision;

    /** The default when {@code --precision} is not given (and the description's "default: fp32"). */
    public static final Precision DEFAULT = Precision.FP32;

    /** @return the chosen precision, or {@link #DEFAULT} */
    public Precision precision() {
        return precision == null ? DEFAULT : precision;
    }

    /** @return the precision if {@code --precision} was given, else null (a spec's own then applies) */
    public Precision given() {
        return precision;
    }

    /** Parses with the api's rule, so the message names the accepted forms. */
    static final class PrecisionConverter implements CommandLine.ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            try {
                return Precision.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
