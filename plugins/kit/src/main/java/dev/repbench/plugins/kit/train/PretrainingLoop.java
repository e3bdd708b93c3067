package dev.repbench.plugins.kit.train;

import dev.repbench.api.Device;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.PretrainingContext;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.plugins.kit.data.BatchLoader;
import dev.repbench.plugins.kit.data.HostBatch;
import dev.repbench.plugins.kit.data.Seeds;
import dev.repbench.torch.Autocast;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.TrainingPrecision;
import dev.repbench.torch.optim.LearningRateSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The one training loop every kit-based plugin uses. See {@link Method} for the order of calls.
 *
 * <p>Responsibilities: thread count and device check; the run's precision (each step's forward and loss autocast
 * to bf16 when it trains in bf16, views channels-last when its networks are; recorded as the {@code precision} fact);
 * seeding (libtorch once before {@code factory} runs; the
 * data order from (seed, epoch); each step's {@link java.util.SplittableRandom} from (seed, step)); the
 * prefetching loader (drops the last incomplete batch, as the reference implementations do); views; the
 * schedule; progress (loss, images/s) through {@link PretrainingContext#progress()}; checkpoints written
 * atomically at {@link PretrainingContext#checkpointEveryEpochs()} and {@link PretrainingContext#checkpointEverySteps()}
 * and reported; resume from {@link PretrainingContext#resumeFrom()} that retraces an uninterrupted run bit for
 * bit on CPU; the final {@code encoder.pt} (the backbone's state dict) in the output folder.
 *
 * <p>Checkpoints go to {@code <output>/checkpoints/step-<n>.pt} ({@link TrainingCheckpoint} says what they
 * hold); the previous one is deleted once the next is complete and reported. A run always ends with one.
 */
public final class PretrainingLoop {
    /** The final encoder's file name in the output folder. */
    public static final String ENCODER_FILE = "encoder.pt";
    /** The checkpoints' folder in the output folder. */
    public static final String CHECKPOINT_FOLDER = "checkpoints";
    /** Progress is reported every this many steps (and at the last). */
    static final int PROGRESS_INTERVAL = 10;

    private PretrainingLoop() {
    }

    /**
     * Runs a whole pretraining.
     *
     * @param context  what RepBench gives the run
     * @param settings the loop's own settings (batch size, base image side, …), usually read from the config
     * @param factory  builds the method; called after libtorch is seeded
     * @return the trained encoder
     * @throws IOException if a checkpoint cannot be written or read
     */
    public static TrainedEncoder run(PretrainingContext context, LoopSettings settings, Supplier<? extends Method> factory)
            throws IOException {
        Torch.setNumThreads(context.threads());
        Torch.requireDevice(context.device());
        int batchesPerEpoch = BatchLoader.batchesPerEpoch(context.trainingImages().size(), settings.batchSize());
        long totalSteps = (long) batchesPerEpoch * context.epochs();
        Torch.manualSeed(context.seed());
        // The run's precision, for methods whose constructor is not given the context (Method(architecture, device)).
        Method.RUN_PRECISION.set(TrainingPrecision.of(context.precision(), context.device()));
        Method built;
        try {
            built = factory.get();
        } finally {
            Method.RUN_PRECISION.remove();
        }
        try (Method method = built) {
            if (!method.modules().containsValue(method.backbone())) {
                throw new IllegalStateException(method.getClass().getSimpleName()
                        + ".modules() must include the backbone, or a resume would restart it from scratch");
            }
            // A method of the deprecated no-argument constructor has none: its networks are its own business.
            TrainingPrecision precision = method.trainingPrecision() != null ? method.trainingPrecision()
                    : TrainingPrecision.of(context.precision(), context.device());
            Run run = new Run(context, settings, method, precision, batchesPerEpoch, totalSteps);
            return run.train();
        }
    }

    /** One run's state: what the loop needs between steps. */
    private static final class Run {
        private final PretrainingContext context;
        private final LoopSettings settings;
        private final Method method;
        private final TrainingPrecision precision;
        private final int batchesPerEpoch;
        private final long totalSteps;
        private final Device device;
        private final Path checkpointFolder;
        private Path lastCheckpoint;

        Run(PretrainingContext context, LoopSettings settings, Method method, TrainingPrecision precision, int batchesPerEpoch,
            long totalSteps) {
            this.context = context;
            this.settings = settings;
            this.method = method;
            this.precision = precision;
            this.batchesPerEpoch = batchesPerEpoch;
            this.totalSteps = totalSteps;
            this.device = context.device();
            this.checkpointFolder = context.outputDirectory().resolve(CHECKPOINT_FOLDER);
        }

        TrainedEncoder train() throws IOException {
            long firstStep = 0;
            if (context.resumeFrom().isPresent()) {
                Checkpoint resume = context.resumeFrom().get();
                firstStep = TrainingCheckpoint.restore(resume.file(), method);
                if (firstStep > totalSteps) {
                    throw new IllegalArgumentException("checkpoint " + resume.file() + " is at step " + firstStep
                            + " but this run has only " + totalSteps + " steps (" + context.epochs() + " epochs of "
                            + batchesPerEpoch + "); resume with the run's original epochs and batch size");
                }
                lastCheckpoint = resume.file();
            }
            LearningRateSchedule schedule = method.schedule(batchesPerEpoch, context.epochs());
            ProgressMeter meter = new ProgressMeter(context.progress(), firstStep, totalSteps, PROGRESS_INTERVAL);
            try (BatchLoader loader = new BatchLoader(context.trainingImages(), settings.batchSize(), settings.imageSide(),
                    settings.workers(), context.seed(), firstStep, totalSteps)) {
                for (long step = firstStep; step < totalSteps; step++) {
                    HostBatch batch = loader.next();
                    double loss = step(step, batch, schedule.at(step));
                    long done = step + 1;
                    meter.stepDone(done, loss, batch.size());
                    if (checkpointDue(done)) {
                        writeCheckpoint(done);
                    }
                }
            }
            return finish(meter, firstStep);
        }

        private double step(long step, HostBatch batch, double learningRate) {
            int epoch = (int) (step / batchesPerEpoch);
            try (Scope s = Scope.open()) {
                Tensor images = Tensor.of(batch.pixels(), batch.shape()).to(device);
                SplittableRandom random = Seeds.forStep(context.seed(), step);
                List<Tensor> views = new ArrayList<>();
                for (ViewSpec spec : method.views()) {
                    for (int k = 0; k < spec.count(); k++) {
                        views.add(precision.prepareInput(spec.augmentation().apply(images, random)));
                    }
                }
                Tensor labels = batch.labels() == null ? null : Tensor.of(toLongs(batch.labels()), batch.size()).to(device);
                StepInput input = new StepInput(step, epoch, views, labels, batch.indices(), random);
                method.optimizer().zeroGrad();
                Tensor loss;
                // Forward and loss only: the backward and the optimiser run outside autocast, on float32 weights.
                int leaked;
                try (TrainingPrecision.Region autocast = precision.autocast()) {
                    int depth = Autocast.openRegions();
                    try {
                        loss = method.loss(input);
                    } finally {
                        // A region the method opened and left open would autocast its backward, its optimiser and
                        // every later step: closed here, and the run refused rather than train in a precision nobody chose.
                        leaked = Autocast.closeAbove(depth);
                    }
                }
                if (leaked > 0) {
                    throw new IllegalStateException(algorithmName() + ".loss left " + leaked + " Autocast region(s) open at step "
                            + step + ": close each where it opens, with try-with-resources");
                }
                double value = loss.item();
                if (!Double.isFinite(value)) {
                    throw new IllegalStateException("the " + algorithmName()
                            + " loss became " + value + " at step " + step + " (epoch " + epoch + "); training diverged:"
                            + " lower the learning rate (or raise the batch size) and run again");
                }
                loss.backward();
                method.beforeOptimizerStep(input);
                method.optimizer().setLearningRate(learningRate);
                method.optimizer().step();
                method.afterOptimizerStep(input);
                return value;
            }
        }

        /** The method's class names the algorithm well enough in an error ("SimClrMethod"). */
        private String algorithmName() {
            return method.getClass().getSimpleName();
        }

        private boolean checkpointDue(long done) {
            long everySteps = context.checkpointEverySteps();
            int everyEpochs = context.checkpointEveryEpochs();
            boolean epochEnd = done % batchesPerEpoch == 0;
            return done == totalSteps
                    || (everySteps > 0 && done % everySteps == 0)
                    || (epochEnd && everyEpochs > 0 && (done / batchesPerEpoch) % everyEpochs == 0);
        }

        private void writeCheckpoint(long done) throws IOException {
            Path file = checkpointFolder.resolve("step-" + done + ".pt");
            int epochsDone = (int) (done / batchesPerEpoch);
            TrainingCheckpoint.save(file, method, done, epochsDone);
            context.checkpointWritten(new Checkpoint(epochsDone, done, file));
            Path previous = lastCheckpoint;
            lastCheckpoint = file;
            if (previous != null && !previous.equals(file) && previous.startsWith(checkpointFolder)) {
                Files.deleteIfExists(previous);
            }
        }

        private TrainedEncoder finish(ProgressMeter meter, long firstStep) {
            Path encoder = context.outputDirectory().resolve(ENCODER_FILE);
            Checkpoints.save(encoder, method.backbone());
            Map<String, String> provenance = new LinkedHashMap<>(new TreeMap<>(method.provenance())); // sorted: a method may return a Map.of
            provenance.put("final-loss", format(meter.smoothedLoss()));
            provenance.put("last-step-loss", format(meter.lastLoss()));
            provenance.put("steps", Long.toString(totalSteps));
            provenance.put("steps-this-session", Long.toString(totalSteps - firstStep));
            provenance.put("images-per-second", format(meter.averageImagesPerSecond()));
            provenance.put("batch-size", Integer.toString(settings.batchSize()));
            provenance.put("image-side", Integer.toString(settings.imageSide()));
            provenance.put("views", describeViews());
            provenance.put("precision", precision.effective().toString());
            return new TrainedEncoder(context.architectureName(), encoder, provenance);
        }

        private String describeViews() {
            List<String> parts = new ArrayList<>();
            for (ViewSpec spec : method.views()) {
                parts.add(spec.count() + "x" + spec.name());
            }
            return String.join(", ", parts);
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    private static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
