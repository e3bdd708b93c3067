package dev.repbench.runtime.pretrain;

import dev.repbench.api.Device;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/** What {@link PretrainRunner} gives an algorithm: the job's settings, the training images and the checkpoint hooks. */
record RunContext(SampleSource trainingImages, OptionalInt trainingClassCount, EncoderArchitecture architecture,
                  AlgorithmConfig config, long seed, int epochs, Device device, int threads, Path outputDirectory,
                  ProgressListener progress, int checkpointEveryEpochs, long checkpointEverySteps,
                  Optional<Checkpoint> resumeFrom, CheckpointIndex checkpoints) implements PretrainingContext {

    /** Records the checkpoint as the one to resume from and deletes the one before it. */
    @Override
    public void checkpointWritten(Checkpoint checkpoint) {
        try {
            checkpoints.record(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record checkpoint " + checkpoint.file() + " in the run's checkpoint index", e);
        }
    }
}
