package dev.repbench.runtime.pretrain;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One pretraining run, as the {@code pretrain} command and a run spec's pretrain cells describe it.
 *
 * <p>Its output folder is also an encoder folder once done:
 * <pre>
 * OUT/pretrain.json         the job, the resolved config, versions and hashes (written first)
 * OUT/dataset.json          the training set's manifest (entries, labels, hashes, class histogram)
 * OUT/checkpoints/…         the latest resumable checkpoint (atomic; older ones deleted)
 * OUT/encoder.pt            the backbone's state dict (torchvision names)
 * OUT/encoder.onnx, OUT/encoder.json   the exported encoder; their presence marks the job done
 * </pre>
 *
 * @param algorithm        a registered algorithm's name ({@code moco-v2}, {@code swav}, a plugin's)
 * @param dataset          the training images: {@code fashion-mnist}, {@code fashion-mnist-scenes}, an image folder path, or {@code task:NAME}
 * @param variant          a dataset variant ({@code full}, {@code half}, {@code quarter}, {@code linear},
 *                         {@code log}, {@code subsample:N}); {@code full} for none
 * @param architecture     an {@link dev.repbench.api.pretrain.EncoderArchitecture} id
 * @param epochs           epochs, at least 1
 * @param seed             the run's seed
 * @param overrides        config values replacing the algorithm's defaults
 * @param device           where to train
 * @param threads          CPU threads, at least 1
 * @param dataRoot         where dataset files are looked up (Fashion-MNIST's IDX folder, task data)
 * @param out              the output folder
 * @param checkpointEveryEpochs epochs between checkpoints, 0 for only at the end
 * @param checkpointEverySteps  steps between checkpoints, 0 for none inside epochs
 * @param precision        the arithmetic to train in (part of the job's identity: another precision, another encoder)
 */
public record PretrainJob(String algorithm, String dataset, String variant, String architecture, int epochs, long seed,
                          Map<String, Object> overrides, Device device, int threads, Path dataRoot, Path out,
                          int checkpointEveryEpochs, long checkpointEverySteps, Precision precision) {
    public PretrainJob {
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(out, "out");
        overrides = Map.copyOf(overrides);
        if (epochs < 1 || threads < 1 || checkpointEveryEpochs < 0 || checkpointEverySteps < 0) {
            throw new IllegalArgumentException("epochs and threads must be 1 or more and checkpoint intervals 0 or more");
        }
    }

    /** A job training in fp32. */
    public PretrainJob(String algorithm, String dataset, String variant, String architecture, int epochs, long seed,
                       Map<String, Object> overrides, Device device, int threads, Path dataRoot, Path out,
                       int checkpointEveryEpochs, long checkpointEverySteps) {
        this(algorithm, dataset, variant, architecture, epochs, seed, overrides, device, threads, dataRoot, out,
                checkpointEveryEpochs, checkpointEverySteps, Precision.FP32);
    }
}
