package dev.repbench.torch;

import java.util.Locale;

/**
 * Where a tensor lives: {@code cpu} or {@code cuda:N}.
 *
 * @param type  CPU or CUDA
 * @param index the CUDA device index (0 for the CPU)
 */
public record Device(Type type, int index) {
    public static final Device CPU = new Device(Type.CPU, 0);

    /** Device types, numbered as {@code c10::DeviceType}. */
    public enum Type {
        CPU(0), CUDA(1);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Type ofCode(int code) {
            return switch (code) {
                case 0 -> CPU;
                case 1 -> CUDA;
                default -> throw new IllegalArgumentException("device type code " + code + " is not supported");
            };
        }
    }

    public Device {
        if (index < 0) {
            throw new IllegalArgumentException("device index must be >= 0, got " + index);
        }
        if (type == Type.CPU && index != 0) {
            throw new IllegalArgumentException("the CPU has no index, got cpu:" + index);
        }
    }

    public static Device cuda(int index) {
        return new Device(Type.CUDA, index);
    }

    /** Parses {@code cpu}, {@code cuda} (= {@code cuda:0}) or {@code cuda:N}. */
    public static Device parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return CPU;
        }
        if (t.equals("cuda")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("unknown device '" + text + "': use cpu, cuda or cuda:N");
    }

    public boolean isCuda() {
        return type == Type.CUDA;
    }

    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
