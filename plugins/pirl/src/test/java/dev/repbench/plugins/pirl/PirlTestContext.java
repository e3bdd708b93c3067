package dev.repbench.plugins.pirl;

import dev.repbench.api.Device;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Unlabelled;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.ProgressListener;
import dev.repbench.api.pretrain.TrainingProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** A tiny PIRL run for tests: random unlabelled RGB images, resnet18-small, CPU, one thread. */
final class PirlTestContext implements PretrainingContext {
    final SampleSource images;
    final AlgorithmConfig config;
    final Path output;
    Checkpoint resume;
    long checkpointEverySteps;
    Consumer<Checkpoint> onCheckpoint = c -> { };
    final List<Checkpoint> checkpoints = new ArrayList<>();
    final List<TrainingProgress> progress = new ArrayList<>();

    /**
     * @param imageCount how many random images
     * @param side       their side (and the loop's image side)
     * @param overrides  config values besides the defaults and the loop settings (batch 4, one worker)
     * @param output     the run's folder
     */
    PirlTestContext(int imageCount, int side, Map<String, Object> overrides, Path output) {
        this(randomImages(imageCount, side, 42), side, overrides, output);
    }

    /** The same with given images. */
    PirlTestContext(SampleSource images, int side, Map<String, Object> overrides, Path output) {
        this.images = images;
        Map<String, Object> values = new HashMap<>(Map.of("batch-size", 4, "image-side", side, "loader-workers", 1));
        values.putAll(overrides);
        this.config = new Pirl().defaultConfig().withOverrides(values);
        this.output = output;
    }

    static SampleSource randomImages(int count, int side, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] pixels = new float[3 * side * side];
            for (int k = 0; k < pixels.length; k++) {
                pixels[k] = (float) random.nextDouble();
            }
            samples.add(Sample.of(new Image(3, side, side, pixels), Unlabelled.INSTANCE));
        }
        return SampleSource.of(samples);
    }

    @Override
    public SampleSource trainingImages() {
        return images;
    }

    @Override
    public OptionalInt trainingClassCount() {
        return OptionalInt.empty();
    }

    @Override
    public EncoderArchitecture architecture() {
        return EncoderArchitecture.RESNET18_SMALL;
    }

    @Override
    public AlgorithmConfig config() {
        return config;
    }

    @Override
    public long seed() {
        return 3;
    }

    @Override
    public int epochs() {
        return 1;
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public int threads() {
        return 1;
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
        return 0;
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
