package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.bench.BenchArchitectures;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import java.util.Iterator;

/** The {@code --arch} values the benchmarks' help lists ({@code ${COMPLETION-CANDIDATES}}), from the registry. */
final class ArchitectureChoices {
    private ArchitectureChoices() {
    }

    /** Every registered architecture: for benchmarks that only run the encoder. */
    static final class Registered implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ArchitectureRegistry.installed().names().iterator();
        }
    }

    /** The architectures a benchmark with a PyTorch twin and a FLOP rate runs. */
    static final class WithPyTorchTwin implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BenchArchitectures.withPyTorchTwin().iterator();
        }
    }
}
