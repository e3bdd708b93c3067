package dev.repbench.tasks.battery;

import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.ImageSize;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.api.task.TaskContext;
import dev.repbench.tasks.DescribedTask;
import dev.repbench.tasks.data.idx.FashionMnist;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A task of the embedded battery: synthetic scenes built from Fashion-MNIST garments on a
 * {@value #SIDE}×{@value #SIDE} RGB canvas, with no download.
 *
 * <p><b>Determinism.</b> Sample {@code i} of a split is a pure function of the task's name and generator version,
 * the split, {@code i} and the Fashion-MNIST data: its random numbers come from a SplitMix64 stream seeded with
 * SHA-256 of {@code name|v<version>|<split>|i}, and it touches no shared mutable state. So any sample can be read
 * at any time, from any thread, and is the same on every machine. The run's seed is deliberately not used:
 * seeds vary the head's initialisation, not the benchmark.
 *
 * <p><b>No leakage.</b> TRAIN samples draw garments only from Fashion-MNIST's training file, TEST samples only
 * from its test file. There is no VAL split.
 *
 * <p><b>Manifest.</b> {@link TaskDataset#manifestHash()} is SHA-256 over the task's name, its generator version,
 * the battery's renderer version, the split sizes and the SHA-256 of each Fashion-MNIST file's content; changing
 * how a task draws its samples means raising its generator version (or {@link Battery#RENDERER_VERSION} for the
 * shared drawing code), so cached features are not reused for different pictures.
 */
public abstract sealed class BatteryTask extends DescribedTask
        permits GarmentClassification, GarmentCount, GarmentRotation, SceneMotion, PersistentGarment,
        GarmentSegmentation, WalkableFloor, GarmentDepth, GarmentFlow {

    /** The canvas side in pixels; also the size images are fed to the encoder at. */
    public static final int SIDE = 64;

    private final Description description;

    /**
     * What a battery task is, apart from how it draws a sample.
     *
     * @param name             the stable task name
     * @param oneLine          the one-line description
     * @param category         the study's category
     * @param head             the head trained on it
     * @param metric           the test metric
     * @param output           what the head outputs
     * @param frames           images per sample
     * @param defaultEpochs    head-training epochs
     * @param trainSize        TRAIN samples
     * @param testSize         TEST samples
     * @param generatorVersion raised whenever the task's samples change
     */
    record Description(String name, String oneLine, TaskCategory category, HeadKind head, Metric metric,
                       OutputSpec output, int frames, int defaultEpochs, int trainSize, int testSize,
                       int generatorVersion) {
        /** @return the part every end task has, images fed at {@value BatteryTask#SIDE}×{@value BatteryTask#SIDE} */
        TaskDescription task() {
            return new TaskDescription(name, oneLine, category, head, metric, output, frames, defaultEpochs,
                    ImageSize.square(SIDE));
        }
    }

    BatteryTask(Description description) {
        super(description.task());
        this.description = description;
    }

    /**
     * Draws one sample; everything random comes from {@code context}.
     *
     * @param context the sample's random numbers and its split's garments
     * @return the sample, with {@link #framesPerSample()} frames of {@value #SIDE}×{@value #SIDE}
     */
    abstract Sample draw(SampleContext context);

    /** @return {@link Battery#GROUP}: every battery task belongs to the battery group */
    public final String group() {
        return Battery.GROUP;
    }

    /** @return the version of this task's sample drawing, part of its manifest */
    public final int generatorVersion() {
        return description.generatorVersion();
    }

    /**
     * @param split a split
     * @return how many samples it has: the task's sizes for TRAIN and TEST, 0 for VAL
     */
    public final int size(Split split) {
        return switch (split) {
            case TRAIN -> description.trainSize();
            case TEST -> description.testSize();
            case VAL -> 0;
        };
    }

    /**
     * Opens the battery task on Fashion-MNIST found by {@link FashionMnist#locate}: {@code <data-root>/fashion-mnist/},
     * or the data root itself if it holds the files; a data root with neither is an error, never a substitute.
     */
    @Override
    public final TaskDataset open(TaskContext context) {
        return open(FashionMnist.shared(FashionMnist.locate(context.dataRoot())));
    }

    /**
     * Opens the task on Fashion-MNIST already read, e.g. a small copy in a test.
     *
     * @param data the garments
     * @return the task's data; nothing to close
     */
    public final TaskDataset open(FashionMnist data) {
        Objects.requireNonNull(data, "data");
        String manifest = manifestHash(name(), generatorVersion(), size(Split.TRAIN), size(Split.TEST), data.contentHashes());
        SampleSource train = new GeneratedSamples(data, Split.TRAIN);
        SampleSource test = new GeneratedSamples(data, Split.TEST);
        return new TaskDataset() {
            @Override
            public SampleSource split(Split split) {
                return switch (split) {
                    case TRAIN -> train;
                    case TEST -> test;
                    case VAL -> SampleSource.empty();
                };
            }

            @Override
            public String manifestHash() {
                return manifest;
            }
        };
    }

    /** A sample and the garments it was drawn from. */
    record Drawn(Sample sample, List<Garment> garments) {
    }

    /** Draws sample {@code index} of {@code split}; the pure function behind every split's samples. */
    final Drawn drawn(FashionMnist data, Split split, int index) {
        Objects.checkIndex(index, size(split));
        long seed = SampleRandom.seedFrom(name() + "|v" + generatorVersion() + "|" + split + "|" + index);
        SampleContext context = new SampleContext(new SampleRandom(seed), data.imagesFor(split));
        Sample sample = draw(context);
        return new Drawn(sample, context.used());
    }

    /**
     * The manifest hash of a battery task's data (see the class comment).
     *
     * @param name             task name
     * @param generatorVersion its generator version
     * @param trainSize        TRAIN samples
     * @param testSize         TEST samples
     * @param contentHashes    Fashion-MNIST file name to content SHA-256
     * @return lower-case hex SHA-256
     */
    static String manifestHash(String name, int generatorVersion, int trainSize, int testSize,
                               Map<String, String> contentHashes) {
        StringBuilder canonical = new StringBuilder("repbench-battery\n")
                .append("task=").append(name).append('\n')
                .append("generator=").append(generatorVersion).append('\n')
                .append("renderer=").append(Battery.RENDERER_VERSION).append('\n')
                .append("train=").append(trainSize).append("\nval=0\ntest=").append(testSize).append('\n');
        for (String file : FashionMnist.FILE_NAMES) {
            canonical.append(file).append('=').append(contentHashes.get(file)).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A split's samples, drawn on demand; safe for concurrent use since drawing shares no mutable state. */
    private final class GeneratedSamples implements SampleSource {
        private final FashionMnist data;
        private final Split split;

        GeneratedSamples(FashionMnist data, Split split) {
            this.data = data;
            this.split = split;
        }

        @Override
        public int size() {
            return BatteryTask.this.size(split);
        }

        @Override
        public Sample get(int index) {
            return drawn(data, split, index).sample();
        }
    }
}
