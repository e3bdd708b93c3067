package dev.repbench.plugins.kit.bench;

import dev.repbench.api.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A plugin's benchmark of its own training step against a reference implementation (usually the same step in
 * PyTorch), measured in the same run. Found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.repbench.plugins.kit.bench.BaselineBenchmark}; {@code repbench bench pretrain} runs
 * every one it finds, so a third-party plugin can ship its own comparison the same way.
 */
public interface BaselineBenchmark {

    /** @return a stable name, e.g. {@code moco-v2-step} */
    String name();

    /** @return one line saying what is measured on each side */
    String description();

    /**
     * @param settings what to measure
     * @return both throughputs
     * @throws IOException if the reference side cannot be run
     */
    Result run(Settings settings) throws IOException;

    /**
     * What to measure.
     *
     * @param batchSize     images per step
     * @param imageSide     image side in pixels
     * @param threads       intra-op threads on both sides
     * @param warmupSteps   steps before the clock starts
     * @param measuredSteps steps timed
     * @param python        the Python interpreter with torch, for PyTorch references
     * @param architecture  the encoder, by its name in the architecture registry, e.g. {@code resnet18-small}
     * @param device        where both sides train (the reference on the same device)
     */
    record Settings(int batchSize, int imageSide, int threads, int warmupSteps, int measuredSteps, Path python,
                    String architecture, Device device) {
    }

    /**
     * Images per second of each side.
     *
     * @param ours          RepBench's
     * @param reference     the reference implementation's
     * @param referenceName what the reference is, e.g. {@code PyTorch}
     */
    record Result(double ours, double reference, String referenceName) {
        /** @return ours / reference: above 1 means RepBench is faster */
        public double ratio() {
            return ours / reference;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "ours %.1f img/s, %s %.1f img/s, ratio %.3f", ours, referenceName, reference, ratio());
        }
    }
}
