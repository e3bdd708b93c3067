package dev.repbench.plugins.randominit;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.api.pretrain.TrainingProgress;
import dev.repbench.plugins.kit.augment.Normalize;
import dev.repbench.plugins.kit.data.BatchLoader;
import dev.repbench.plugins.kit.data.HostBatch;
import dev.repbench.plugins.kit.train.LoopSettings;
import dev.repbench.plugins.kit.train.PretrainingLoop;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.nn.TrainingPrecision;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code random-init} as a pretraining: the study's random initialisation, seeded as {@code repbench export
 * --random-init --seed N} seeds it (the same weights for the same seed and architecture), whose batch-norm running
 * statistics are then estimated on the training images; no weight is trained.
 *
 * <p>Why: a random-init encoder evaluates with its initial statistics (mean 0, variance 1), far from its activations'
 * on real images, and any pretraining replaces them, even one that learns nothing else. On the quickstart's budgets
 * this alone closed depth's whole gap over random-init (docs/battery). Scoring this control beside the pretrained
 * encoders tells what they learnt beyond those statistics. Its records carry the algorithm name {@code random-init},
 * so the report counts it among the random initialisations (the floor a task's best encoder must clear), never among
 * the self-supervised algorithms.
 *
 * <p>Each batch (the loader's order, images brought to {@code image-side} and normalised with ImageNet's mean and
 * deviation, as evaluation feeds them; no augmentation) runs forward in training mode without gradients, in the run's
 * precision (in bf16 the running statistics stay float32 tensors; 334 against 70 images a second in fp32 for
 * resnet18-small at 32 on this project's CPU): batch norm updates its running statistics with its momentum, 0.1, so
 * after {@code n} batches a fraction {@code 0.9^n} of the initial values remains (50 batches: 0.5 %). {@code epochs} passes over the images; no checkpoints (a rerun repeats
 * the pass, which is deterministic and short).
 */
public final class RandomInitAlgorithm implements PretrainingAlgorithm {
    /** Registered name: the one the report reads as a random initialisation. */
    public static final String NAME = "random-init";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Random initialisation with batch-norm statistics estimated on the training images, no weight trained:"
                + " a control for what pretraining learns beyond those statistics";
    }

    @Override
    public AlgorithmConfig defaultConfig() {
        Map<String, Object> values = new LinkedHashMap<>();
        LoopSettings.addDefaults(values, new LoopSettings(128, 32, 2));
        return new AlgorithmConfig(values);
    }

    @Override
    public TrainedEncoder pretrain(PretrainingContext context) throws IOException {
        LoopSettings settings = LoopSettings.from(context.config());
        Torch.setNumThreads(context.threads());
        Torch.requireDevice(context.device());
        int batchesPerEpoch = BatchLoader.batchesPerEpoch(context.trainingImages().size(), settings.batchSize());
        long totalSteps = (long) batchesPerEpoch * context.epochs();
        Torch.manualSeed(context.seed());
        TrainingPrecision precision = TrainingPrecision.of(context.precision(), context.device());
        try (Backbone backbone = ArchitectureRegistry.installed().get(context.architectureName()).build()) {
            precision.prepare(backbone.to(context.device()));
            backbone.train(true);
            long started = System.nanoTime();
            long images = 0;
            try (BatchLoader loader = new BatchLoader(context.trainingImages(), settings.batchSize(), settings.imageSide(),
                    settings.workers(), context.seed(), 0, totalSteps);
                 GradMode noGrad = GradMode.disabled()) {
                for (long step = 0; step < totalSteps; step++) {
                    HostBatch batch = loader.next();
                    try (Scope s = Scope.open(); TrainingPrecision.Region autocast = precision.autocast()) {
                        Tensor pixels = Tensor.of(batch.pixels(), batch.shape()).to(context.device());
                        backbone.forwardEmbedding(precision.prepareInput(Normalize.IMAGENET.apply(pixels, null)));
                    }
                    images += batch.size();
                    double seconds = (System.nanoTime() - started) / 1e9;
                    context.progress().onProgress(new TrainingProgress(step + 1, totalSteps, Double.NaN,
                            seconds > 0 ? images / seconds : 0));
                }
            }
            backbone.eval();
            Path encoder = context.outputDirectory().resolve(PretrainingLoop.ENCODER_FILE);
            Files.createDirectories(context.outputDirectory());
            Checkpoints.save(encoder, backbone);
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("weights", "random initialisation (seed " + context.seed() + "), none trained");
            provenance.put("batch-norm-statistics", "running statistics after " + totalSteps + " batches of "
                    + settings.batchSize() + " training images (momentum 0.1)");
            provenance.put("steps", Long.toString(totalSteps));
            provenance.put("images-per-second", String.format(Locale.ROOT, "%.6g", seconds > 0 ? images / seconds : 0));
            provenance.put("batch-size", Integer.toString(settings.batchSize()));
            provenance.put("image-side", Integer.toString(settings.imageSide()));
            provenance.put("precision", precision.effective().toString());
            return new TrainedEncoder(context.architectureName(), encoder, provenance);
        }
    }
}
