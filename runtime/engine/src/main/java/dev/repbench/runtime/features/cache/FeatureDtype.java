package dev.repbench.runtime.features.cache;

import java.util.Locale;

/** How cached features are stored: little-endian float32 or float16 (half the size, ~3 significant digits). */
public enum FeatureDtype {
    /** IEEE float32, numpy {@code <f4}. */
    F32("f32", "<f4", 4),
    /** IEEE float16 (round to nearest even, {@link Float#floatToFloat16}), numpy {@code <f2}. */
    F16("f16", "<f2", 2);

    private final String label;
    private final String numpyDescr;
    private final int bytes;

    FeatureDtype(String label, String numpyDescr, int bytes) {
        this.label = label;
        this.numpyDescr = numpyDescr;
        this.bytes = bytes;
    }

    /** {@code f32} or {@code f16}, as typed on the command line and recorded in keys. */
    public String label() {
        return label;
    }

    /** numpy's type string: {@code <f4} or {@code <f2}. */
    public String numpyDescr() {
        return numpyDescr;
    }

    /** Bytes per value. */
    public int bytes() {
        return bytes;
    }

    /** Parses {@code f32}/{@code f16} (also {@code float32}/{@code float16}). */
    public static FeatureDtype parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "f32", "float32" -> F32;
            case "f16", "float16" -> F16;
            default -> throw new IllegalArgumentException("'" + text + "' is not a feature dtype; use f32 or f16");
        };
    }

    /** The dtype with numpy type string {@code descr}. */
    static FeatureDtype ofNumpy(String descr) {
        for (FeatureDtype d : values()) {
            if (d.numpyDescr.equals(descr)) {
                return d;
            }
        }
        throw new IllegalArgumentException("dtype '" + descr + "' is not a feature dtype (<f4 or <f2)");
    }

    @Override
    public String toString() {
        return label;
    }
}
