package dev.repbench.runtime.pretrain;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.data.Sample;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.api.pretrain.TrainingProgress;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.ResNet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only algorithm that trains nothing: per epoch it reads one image, reports progress and writes a small text
 * "checkpoint"; at the end it saves a seeded random-init backbone as encoder.pt. It records each call's context so
 * tests can see what the runner handed over.
 */
public final class FixtureAlgorithm implements PretrainingAlgorithm {
    /** The registered name. */
    public static final String NAME = "fixture-random";

    /** Every context {@link #pretrain} was called with, in order. */
    public static final List<PretrainingContext> CALLS = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test fixture: random-init weights, text checkpoints";
    }

    @Override
    public AlgorithmConfig defaultConfig() {
        return new AlgorithmConfig(Map.of("image-side", 32, "learning-rate", 0.1, "crash-after-epoch", 0));
    }

    @Override
    public TrainedEncoder pretrain(PretrainingContext context) throws IOException {
        CALLS.add(context);
        Optional<Checkpoint> resume = context.resumeFrom();
        int firstEpoch = resume.map(c -> c.epoch() + 1).orElse(1);
        Path folder = Files.createDirectories(context.outputDirectory().resolve("checkpoints"));
        int crashAfter = context.config().getInt("crash-after-epoch");
        for (int epoch = firstEpoch; epoch <= context.epochs(); epoch++) {
            Sample first = context.trainingImages().get(0);
            context.progress().onProgress(new TrainingProgress(epoch, context.epochs(), 1.0 / epoch, first.image().height()));
            if (context.checkpointEveryEpochs() > 0 && epoch % context.checkpointEveryEpochs() == 0) {
                Path file = folder.resolve("epoch-" + epoch + ".txt");
                Files.writeString(file, "epoch " + epoch, StandardCharsets.UTF_8);
                context.checkpointWritten(new Checkpoint(epoch, epoch, file));
            }
            if (epoch == crashAfter) {
                throw new IOException("crash requested after epoch " + epoch);
            }
        }
        Torch.manualSeed(context.seed());
        Path weights = context.outputDirectory().resolve("encoder.pt");
        try (ResNet net = ResNet.resnet18Small()) {
            Checkpoints.save(weights, net);
        }
        return new TrainedEncoder(context.architecture(), weights, Map.of("final-loss", Double.toString(1.0 / context.epochs())));
    }
}
