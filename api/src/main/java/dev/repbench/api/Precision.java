package dev.repbench.api;

import java.util.Locale;
import java.util.Objects;

/**
 * The arithmetic a network trains in. Its text form is the one users type and records store: {@code fp32},
 * {@code bf16}.
 *
 * @since 1.3
 */
public enum Precision {
    /** Float32 throughout. */
    FP32,
    /**
     * Mixed precision with bfloat16 (autocast): convolutions and matmuls in bf16, losses and the weights, their
     * gradients and the optimiser's state in float32. Needs no gradient scaling: bf16 has float32's exponent range.
     */
    BF16;

    /**
     * Parses {@code fp32} or {@code bf16} (case-insensitive).
     *
     * @param text the precision as typed
     * @return the precision
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Precision parse(String text) {
        Objects.requireNonNull(text, "text");
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "fp32" -> FP32;
            case "bf16" -> BF16;
            default -> throw new IllegalArgumentException("'" + text + "' is not a precision; use fp32 or bf16");
        };
    }

    /** @return {@code fp32} or {@code bf16}, the form {@link #parse} reads */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
