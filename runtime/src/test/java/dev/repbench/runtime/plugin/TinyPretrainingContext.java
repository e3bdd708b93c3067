package dev.repbench.runtime.plugin;

import dev.repbench.api.Device;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.Unlabelled;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.ProgressListener;
import dev.repbench.api.pretrain.TrainingProgress;
import dev.repbench.runtime.data.FashionMnist;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A self-supervised pretraining of one epoch on the first few Fashion-MNIST training images (labels dropped) with a
 * resnet18-small on the CPU: what the runtime's pretrain entry point hands an algorithm, reduced to a test's size.
 */
final class TinyPretrainingContext implements PretrainingContext {
    private final SampleSource images;
    private final AlgorithmConfig config;
    private final Path output;
    final List<TrainingProgress> progress = new ArrayList<>();
    final List<Checkpoint> checkpoints = new ArrayList<>();

    /**
     * @param imageCount how many Fashion-MNIST training images to train on
     * @param config     the algorithm's config
     * @param output     an existing folder for the run
     */
    TinyPretrainingContext(int imageCount, AlgorithmConfig config, Path output) {
        SampleSource train = FashionMnist.open(Path.of(FashionMnist.DEBIAN_ROOT)).split(Split.TRAIN);
        List<Sample> unlabelled = new ArrayList<>();
        for (int i = 0; i < imageCount; i++) {
            unlabelled.add(Sample.of(train.get(i).image(), Unlabelled.INSTANCE));
        }
        this.images = SampleSource.of(unlabelled);
        this.config = config;
        this.output = output;
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
        return 1;
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
        return 2;
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
    public void checkpointWritten(Checkpoint checkpoint) {
        checkpoints.add(checkpoint);
    }

    @Override
    public Optional<Checkpoint> resumeFrom() {
        return Optional.empty();
    }
}
