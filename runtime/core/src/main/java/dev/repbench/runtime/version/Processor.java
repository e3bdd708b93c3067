package dev.repbench.runtime.version;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processor a run computes on, as a run's manifest and {@code repbench version} name it. Scores are reproducible
 * to the bit on one processor model, not across models: libtorch's and ONNX Runtime's CPU kernels pick their
 * instructions (AVX-512, AVX512_BF16, AMX) by what the processor has, and sum in other orders with them.
 */
public final class Processor {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private Processor() {
    }

    /** Read once: every record of a run names it. */
    private static final class Described {
        static final String VALUE = model(CPUINFO).orElse("unknown " + System.getProperty("os.arch") + " processor")
                + ", " + Runtime.getRuntime().availableProcessors() + " logical processor(s)";
    }

    /**
     * @return the model (Linux's {@code /proc/cpuinfo}), else the architecture; with the logical processors, e.g.
     *         {@code AMD EPYC (family 25, model 17, stepping 1), 2 logical processor(s)}
     */
    public static String describe() {
        return Described.VALUE;
    }

    /**
     * The first processor's model in a {@code /proc/cpuinfo}-format file: its model name with x86's family, model and
     * stepping, or ARM's implementer and part. The numbers are needed because a virtual machine may show a bare
     * "AMD EPYC" for generations whose kernels give other bytes (Zen 4 is family 25, Zen 5 family 26).
     *
     * @return the model, or empty when the file is unreadable or names neither
     */
    static Optional<String> model(Path cpuinfo) {
        if (!Files.isReadable(cpuinfo)) {
            return Optional.empty();
        }
        Map<String, String> first = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.isBlank() && !first.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    first.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        String name = first.getOrDefault("model name", "");
        String numbers = numbers(first, List.of("cpu family", "model", "stepping"), List.of("family", "model", "stepping"));
        if (numbers.isEmpty()) {
            numbers = numbers(first, List.of("CPU implementer", "CPU part"), List.of("implementer", "part"));
        }
        if (name.isEmpty() && numbers.isEmpty()) {
            return Optional.empty();
        }
        if (name.isEmpty()) {
            return Optional.of(System.getProperty("os.arch") + " (" + numbers + ")");
        }
        return Optional.of(numbers.isEmpty() ? name : name + " (" + numbers + ")");
    }

    /** e.g. {@code family 25, model 17, stepping 1}: the keys present, labelled; empty unless the first is. */
    private static String numbers(Map<String, String> fields, List<String> keys, List<String> labels) {
        if (fields.getOrDefault(keys.getFirst(), "").isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            String value = fields.getOrDefault(keys.get(i), "");
            if (!value.isEmpty()) {
                out.append(out.isEmpty() ? "" : ", ").append(labels.get(i)).append(' ').append(value);
            }
        }
        return out.toString();
    }
}
