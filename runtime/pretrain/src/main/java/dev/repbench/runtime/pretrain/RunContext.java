package dev.repbench.runtime.pretrain;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
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
record RunContext(SampleSource trainingImages, OptionalInt trainingClassCount, String architectureName,
                  AlgorithmConfig config, long seed, int epochs, Device device, int threads, Path outputDirectory,
                  ProgressListener progress, int checkpointEveryEpochs, long checkpointEverySteps,
                  Optional<Checkpoint> resumeFrom, CheckpointIndex checkpoints, Precision precision)
        implements PretrainingContext {

    /** The enum of SPI 1.1, for plugins written against it; a plugin's architecture has no constant there. */
    @Override
    @Deprecated(since = "1.2")
    public EncoderArchitecture architecture() {
        for (EncoderArchitecture a : EncoderArchitecture.values()) {
            if (a.id().equals(architectureName)) {
                return a;
            }
        }
        throw new UnsupportedOperationException("architecture '" + architectureName + "' comes from a plugin and has no"
                + " EncoderArchitecture constant: the algorithm must read PretrainingContext.architectureName() (SPI 1.2)");
    }

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
