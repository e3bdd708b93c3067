package dev.repbench.plugins.kit.train;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Target;
import dev.repbench.api.data.Unlabelled;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.ProgressListener;
import dev.repbench.api.pretrain.TrainingProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A {@link PretrainingContext} for tests: CPU, one thread unless set, resnet18-small unless {@link #architecture} names
 * another registered architecture, and records of what the run reported.
 * Plugins' and the runtime's tests use it through the kit's test-jar ({@code <type>test-jar</type>}, test scope).
 * Adjust a field before the run; {@link #images} makes small random images.
 */
public final class TestPretrainingContext implements PretrainingContext {
    public SampleSource images;
    public OptionalInt classCount = OptionalInt.empty();
    public AlgorithmConfig config = AlgorithmConfig.empty();
    /** The architecture's name in the registry. */
    public String architecture = "resnet18-small";
    public long seed = 7;
    public int epochs = 1;
    public int threads = 1;
    public Precision precision = Precision.FP32;
    public Path output;
    public int checkpointEveryEpochs;
    public long checkpointEverySteps;
    public Checkpoint resume;
    /** Called with each reported checkpoint, after it is recorded; may throw to simulate a crash. */
    public Consumer<Checkpoint> onCheckpoint = c -> { };
    public final List<Checkpoint> checkpoints = new ArrayList<>();
    public final List<TrainingProgress> progress = new ArrayList<>();

    public TestPretrainingContext(SampleSource images, Path output) {
        this.images = images;
        this.output = output;
    }

    /**
     * @param count   how many images
     * @param side    their side
     * @param classes classes to label them with round-robin, 0 for unlabelled
     * @param seed    the pixel values' seed
     * @return a source of random RGB images
     */
    public static SampleSource images(int count, int side, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] pixels = new float[3 * side * side];
            for (int k = 0; k < pixels.length; k++) {
                pixels[k] = (float) random.nextDouble();
            }
            Target target = classes > 0 ? new ClassLabel(i % classes) : Unlabelled.INSTANCE;
            samples.add(Sample.of(new Image(3, side, side, pixels), target));
        }
        return SampleSource.of(samples);
    }

    @Override
    public SampleSource trainingImages() {
        return images;
    }

    @Override
    public OptionalInt trainingClassCount() {
        return classCount;
    }

    @Override
    @Deprecated
    public EncoderArchitecture architecture() {
        return EncoderArchitecture.fromId(architecture);
    }

    @Override
    public String architectureName() {
        return architecture;
    }

    @Override
    public AlgorithmConfig config() {
        return config;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public Path outputDirectory() {
        return output;
    }

    @Override
    public ProgressListener progress() {
        return progress::add;
    }

    @Override
    public int checkpointEveryEpochs() {
        return checkpointEveryEpochs;
    }

    @Override
    public long checkpointEverySteps() {
        return checkpointEverySteps;
    }

    @Override
    public void checkpointWritten(Checkpoint checkpoint) {
        checkpoints.add(checkpoint);
        onCheckpoint.accept(checkpoint);
    }

    @Override
    public Optional<Checkpoint> resumeFrom() {
        return Optional.ofNullable(resume);
    }
}
