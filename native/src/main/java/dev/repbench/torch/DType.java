package dev.repbench.torch;

/** Element types, numbered as libtorch's {@code c10::ScalarType} (the shim's {@code RB_DTYPE_*}). */
public enum DType {
    UINT8(0, 1), INT8(1, 1), INT16(2, 2), INT32(3, 4), INT64(4, 8),
    FLOAT16(5, 2), FLOAT32(6, 4), FLOAT64(7, 8), BOOL(11, 1), BFLOAT16(15, 2);

    private final int code;
    private final int byteSize;

    DType(int code, int byteSize) {
        this.code = code;
        this.byteSize = byteSize;
    }

    /** The scalar-type code libtorch uses. */
    public int code() {
        return code;
    }

    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT16 || this == FLOAT32 || this == FLOAT64 || this == BFLOAT16;
    }

    public static DType ofCode(int code) {
        for (DType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("dtype code " + code + " has no RepBench equivalent");
    }

    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
