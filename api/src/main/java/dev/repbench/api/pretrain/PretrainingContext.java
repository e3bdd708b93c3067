package dev.repbench.api.pretrain;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.api.data.SampleSource;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything RepBench gives a pretraining run. RepBench implements it; an interface so later
 * SPI minors can add to it without breaking plugins.
 */
public interface PretrainingContext {

    /**
     * The training images, one frame per sample. Targets are {@link dev.repbench.api.data.Unlabelled}
     * for self-supervised data, {@link dev.repbench.api.data.ClassLabel} for labelled data
     * (the supervised baseline).
     *
     * @return the images
     */
    SampleSource trainingImages();

    /** @return the number of classes if {@link #trainingImages()} is labelled, else empty */
    OptionalInt trainingClassCount();

    /**
     * @return the architecture to train, when it is one of the three the enum names
     * @deprecated since 1.2: use {@link #architectureName()}, which also names the architectures plugins register.
     *             A host running an architecture outside {@link EncoderArchitecture} throws
     *             {@link UnsupportedOperationException} here.
     */
    @Deprecated(since = "1.2")
    EncoderArchitecture architecture();

    /**
     * The name of the architecture to train, as RepBench's architecture registry knows it ({@code resnet18},
     * {@code resnet50}, {@code resnet18-small}, or one a plugin registered); the plugin kit builds the network from
     * the registry by this name.
     *
     * @return the architecture's name
     * @since 1.2
     */
    @SuppressWarnings("deprecation") // the default of hosts written for 1.1, which know only the enum
    default String architectureName() {
        return architecture().id();
    }

    /** @return the algorithm's defaults with the run's overrides applied */
    AlgorithmConfig config();

    /** @return the seed for all randomness of the run (initialisation, sampling, augmentation) */
    long seed();

    /** @return passes over {@link #trainingImages()} to train for, at least 1 */
    int epochs();

    /** @return where to train */
    Device device();

    /** @return CPU threads the run may use (intra-op parallelism, data loading), at least 1 */
    int threads();

    /**
     * The arithmetic to train in. The plugin kit's loop honours it for every kit-based algorithm (autocasting each
     * step's forward and loss to bf16, falling back to fp32 where the hardware lacks native bf16); an algorithm with a
     * loop of its own may read it or ignore it.
     *
     * @return the requested precision; {@link Precision#FP32} from hosts before 1.3
     * @since 1.3
     */
    default Precision precision() {
        return Precision.FP32;
    }

    /**
     * A folder reserved for this run, existing and writable; the checkpoint and anything else the
     * algorithm writes go here.
     *
     * @return the output folder
     */
    Path outputDirectory();

    /** @return where to report progress */
    ProgressListener progress();

    /**
     * Write a {@link Checkpoint} after every this many epochs (and at the end), then report it with
     * {@link #checkpointWritten}; 0 means only at the end.
     *
     * @return the interval in epochs, 0 or more
     */
    int checkpointEveryEpochs();

    /**
     * Also write a {@link Checkpoint} after every this many optimiser steps, so a long epoch can be
     * resumed from inside; 0 means only at the epoch boundaries {@link #checkpointEveryEpochs} asks for.
     *
     * @return the interval in steps, 0 or more
     * @since 1.1
     */
    default long checkpointEverySteps() {
        return 0;
    }

    /**
     * Reports a checkpoint the algorithm has completely written, so that a crashed run can be resumed
     * from it. Older checkpoints may be deleted by RepBench afterwards.
     *
     * @param checkpoint the checkpoint
     */
    void checkpointWritten(Checkpoint checkpoint);

    /**
     * The checkpoint to continue from when resuming an interrupted run; the algorithm restores it
     * and trains the remaining epochs.
     *
     * @return the checkpoint, or empty to start from scratch
     */
    Optional<Checkpoint> resumeFrom();
}
