package dev.repbench.torch.onnx;

import java.util.Objects;

/**
 * One dimension of a graph input's or output's declared shape: a fixed size, or a symbol (ONNX's
 * {@code dim_param}) such as {@code N} for a dynamic batch or {@code H/2} for a size that follows the input's.
 * Symbols are names to ONNX Runtime, not formulas: {@code H/2} documents the relation to a reader.
 *
 * @param size   the fixed size, or -1 for a symbol
 * @param symbol the symbol, or null for a fixed size
 */
public record Dimension(long size, String symbol) {
    public Dimension {
        if ((symbol == null) == (size < 0)) {
            throw new IllegalArgumentException("a dimension is either a size >= 0 or a symbol, got " + size + " / " + symbol);
        }
        if (symbol != null && symbol.isBlank()) {
            throw new IllegalArgumentException("a dimension symbol is not blank");
        }
    }

    public static Dimension of(long size) {
        return new Dimension(size, null);
    }

    public static Dimension symbol(String symbol) {
        return new Dimension(-1, Objects.requireNonNull(symbol, "symbol"));
    }

    public boolean isSymbolic() {
        return symbol != null;
    }

    @Override
    public String toString() {
        return isSymbolic() ? symbol : Long.toString(size);
    }
}
