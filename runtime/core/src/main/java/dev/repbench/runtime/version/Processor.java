package dev.repbench.runtime.version;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

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
        static final String VALUE = modelName(CPUINFO).orElse("unknown " + System.getProperty("os.arch")
                + " processor") + ", " + Runtime.getRuntime().availableProcessors() + " logical processor(s)";
    }

    /** @return the model name (Linux's {@code /proc/cpuinfo}), else the architecture; with the logical processors */
    public static String describe() {
        return Described.VALUE;
    }

    /** @return the first {@code model name} of a {@code /proc/cpuinfo}-format file, if it has one */
    static Optional<String> modelName(Path cpuinfo) {
        if (!Files.isReadable(cpuinfo)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .filter(name -> !name.isEmpty()).findFirst();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
