package dev.repbench.api;

import java.util.Objects;

/**
 * Where a computation runs: the CPU, or one CUDA device by index. Its text form is the one
 * users type and records store: {@code cpu}, {@code cuda:0}; {@code cuda} alone means {@code cuda:0}.
 *
 * @param kind  CPU or CUDA
 * @param index the CUDA device index, 0 or more; always 0 for the CPU
 */
public record Device(Kind kind, int index) {

    /** The kind of device. */
    public enum Kind {
        /** The host CPU. */
        CPU,
        /** An NVIDIA GPU through CUDA. */
        CUDA
    }

    /** The CPU. */
    public static final Device CPU = new Device(Kind.CPU, 0);

    /**
     * @throws IllegalArgumentException if the index is negative, or non-zero for the CPU
     */
    public Device {
        Objects.requireNonNull(kind, "kind");
        if (index < 0) {
            throw new IllegalArgumentException("device index must not be negative: " + index);
        }
        if (kind == Kind.CPU && index != 0) {
            throw new IllegalArgumentException("the CPU has no device index; use 'cpu'");
        }
    }

    /**
     * CUDA device {@code index}.
     *
     * @param index the device index, 0 or more
     * @return the device
     */
    public static Device cuda(int index) {
        return new Device(Kind.CUDA, index);
    }

    /**
     * Parses {@code cpu}, {@code cuda} or {@code cuda:N} (case-insensitive).
     *
     * @param text the device as typed
     * @return the device
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Device parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:") && t.length() > 5 && t.length() <= 9 && t.substring(5).chars().allMatch(Character::isDigit)) {
            return cuda(Integer.parseInt(t.substring(5)));
        }
        throw new IllegalArgumentException("'" + text + "' is not a device; use cpu, cuda or cuda:N (N = GPU index)");
    }

    /** @return true for a CUDA device */
    public boolean isCuda() {
        return kind == Kind.CUDA;
    }

    /** @return {@code cpu} or {@code cuda:N}, the form {@link #parse} reads */
    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
