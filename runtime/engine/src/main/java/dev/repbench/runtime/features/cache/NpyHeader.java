package dev.repbench.runtime.features.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of an {@code .npy} file (numpy's format 1.0): magic, version, a little-endian header length, and a
 * Python dict literal with {@code descr}, {@code fortran_order} and {@code shape}, padded with spaces to a
 * multiple of 64 bytes so the data that follows is aligned.
 *
 * @param dtype      the element type
 * @param shape      the array's dimensions, C order
 * @param dataOffset where the data starts in the file
 */
public record NpyHeader(FeatureDtype dtype, long[] shape, int dataOffset) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int PREAMBLE = MAGIC.length + 2 + 2; // magic, version, header length (format 1.0)
    private static final int ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public NpyHeader {
        shape = shape.clone();
    }

    /** The header for an array of {@code dtype} and {@code shape}. */
    public static NpyHeader of(FeatureDtype dtype, long[] shape) {
        return new NpyHeader(dtype, shape, encode(dtype, shape).length);
    }

    /** Values in the array. */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes of data after the header. */
    public long dataBytes() {
        return Math.multiplyExact(elements(), dtype.bytes());
    }

    /** The header's bytes, {@link #dataOffset} long. */
    public byte[] encode() {
        return encode(dtype, shape);
    }

    private static byte[] encode(FeatureDtype dtype, long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        // Python's tuple syntax: (n,) for one dimension, (a, b) for more, () for a scalar.
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)"
                : "(" + (dims.length() == 0 ? "" : dims.substring(0, dims.length() - 2)) + ")";
        String dict = "{'descr': '" + dtype.numpyDescr() + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = PREAMBLE + dict.length() + 1; // + the newline that ends the header
        int padded = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        String header = dict + " ".repeat(padded - unpadded) + "\n";
        if (header.length() > 0xFFFF) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " makes an .npy 1.0 header too long");
        }
        ByteBuffer bytes = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        bytes.put(header.getBytes(StandardCharsets.US_ASCII));
        return bytes.array();
    }

    /**
     * Reads the header at the start of {@code file} (versions 1.x, 2.x and 3.x; {@code <f4} or {@code <f2}, C order).
     *
     * @throws IllegalArgumentException naming what is wrong, if it is not such a header
     */
    public static NpyHeader decode(ByteBuffer file) {
        ByteBuffer in = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        in.position(0);
        if (in.remaining() < PREAMBLE) {
            throw new IllegalArgumentException("too short for an .npy header (" + in.remaining() + " bytes)");
        }
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException("not an .npy file (no \\x93NUMPY magic)");
        }
        int major = in.get() & 0xFF;
        in.get(); // minor version: no difference for reading
        long headerLength;
        if (major == 1) {
            headerLength = in.getShort() & 0xFFFF;
        } else if (major == 2 || major == 3) {
            headerLength = in.getInt() & 0xFFFFFFFFL;
        } else {
            throw new IllegalArgumentException(".npy format version " + major + " is not supported (1, 2 or 3)");
        }
        if (headerLength > in.remaining()) {
            throw new IllegalArgumentException("truncated .npy header: " + headerLength + " bytes announced, "
                    + in.remaining() + " present");
        }
        byte[] text = new byte[(int) headerLength];
        in.get(text);
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(dict);
        Matcher fortran = FORTRAN.matcher(dict);
        Matcher shape = SHAPE.matcher(dict);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new IllegalArgumentException("malformed .npy header: " + dict.strip());
        }
        if (fortran.group(1).equals("True")) {
            throw new IllegalArgumentException("Fortran-ordered .npy data is not supported (C order only)");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : shape.group(1).split(",")) {
            if (!part.isBlank()) {
                dims.add(Long.parseLong(part.strip().replace("L", "")));
            }
        }
        return new NpyHeader(FeatureDtype.ofNumpy(descr.group(1)), dims.stream().mapToLong(Long::longValue).toArray(),
                in.position());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && dtype == h.dtype && dataOffset == h.dataOffset && Arrays.equals(shape, h.shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + dataOffset) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "NpyHeader[" + dtype + " " + Arrays.toString(shape) + ", data at " + dataOffset + "]";
    }
}
