package dev.repbench.runtime.pretrain;

import dev.repbench.runtime.io.FileProblems;
import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.api.pretrain.Checkpoint;
import dev.repbench.api.pretrain.ProgressListener;
import dev.repbench.api.pretrain.TrainedEncoder;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.encoder.EncoderExport;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.io.Sha256;
import dev.repbench.runtime.plugin.LoadedProvider;
import dev.repbench.runtime.plugin.PluginProblem;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.PluginSource;
import dev.repbench.runtime.pretrain.data.DatasetManifest;
import dev.repbench.runtime.pretrain.data.TrainingSet;
import dev.repbench.runtime.version.Processor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.CheckpointLayout;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Runs a {@link PretrainJob} to an exported encoder folder: resolves the algorithm in the registry and the
 * dataset (and variant manifest), resumes from the latest checkpoint in the output folder if there is one,
 * trains, then exports {@code encoder.onnx} + {@code encoder.json}. A job whose encoder files already exist is
 * skipped. Used by {@code repbench pretrain} and by run-spec cells.
 *
 * <p>A folder already holding another job's {@code pretrain.json} is refused, naming the differing fields, so two
 * jobs never mix their checkpoints or overwrite each other's encoder.
 */
public final class PretrainRunner {
    /** The backbone's state dict the algorithm leaves in the run's folder. */
    public static final String ENCODER_CHECKPOINT = "encoder.pt";
    /** The loop setting giving the side of the training images, which the exported encoder then expects. */
    public static final String IMAGE_SIDE = "image-side";
    /**
     * Facts the training loop reports about this session rather than the encoder (its throughput, the steps it ran
     * after resuming, the loss smoothed over those steps): logged, but kept out of {@code encoder.onnx}, whose bytes
     * (and sha256, which names the encoder in every record) must be the same for the same weights however the run was
     * timed or interrupted. The last step's loss stays.
     */
    // last-step-loss too: a session resumed from the last step's checkpoint (killed before its export) runs no step
    static final Set<String> SESSION_FACTS = Set.of("images-per-second", "steps-this-session", "final-loss",
            "last-step-loss");

    private PretrainRunner() {
    }

    /**
     * @param job      the job
     * @param registry where the algorithm is looked up
     * @param progress where training progress goes
     * @return the job's folder, now holding {@code encoder.onnx} and {@code encoder.json}
     * @throws PretrainException if the job cannot run as given (the message names the fix)
     */
    public static Path run(PretrainJob job, PluginRegistry registry, ProgressListener progress) {
        return run(job, registry, progress, line -> { });
    }

    /**
     * As {@link #run(PretrainJob, PluginRegistry, ProgressListener)}, also telling {@code log} what it does (the
     * training set's histogram, resuming, the export).
     */
    public static Path run(PretrainJob job, PluginRegistry registry, ProgressListener progress, Consumer<String> log) {
        Path out = job.out().toAbsolutePath().normalize();
        PretrainingAlgorithm algorithm = algorithm(job, registry);
        AlgorithmConfig config = resolveConfig(job, algorithm);
        config.deprecationNotes(job.overrides().keySet()).forEach(note -> log.accept("warning: " + note));
        checkArchitecture(job);
        RunRecord wanted = RunRecord.of(job, config, null);
        Optional<RunRecord> recorded = RunRecord.read(out);
        recorded.ifPresent(r -> refuseIfDifferent(out, r, wanted));
        if (isDone(out)) {
            log.accept("already done: " + out.resolve(EncoderFiles.ONNX_FILE) + " (delete it to pretrain again)");
            return out;
        }
        List<String> taskNames = registry.tasks().stream().map(LoadedProvider::name).toList();
        try (TrainingSet training = openTrainingSet(job, registry, taskNames)) {
            DatasetManifest manifest = training.manifest();
            if (algorithm.needsLabelledImages() && !manifest.labelled()) {
                throw new PretrainException("algorithm " + job.algorithm() + " trains a classifier and needs labelled images, but "
                        + job.dataset() + " is unlabelled; use --dataset fashion-mnist, fashion-mnist-scenes or a folder with one sub-folder per class");
            }
            RunRecord record = wanted.withManifest(manifest.sha256());
            recorded.ifPresent(r -> refuseIfDifferent(out, r, record));
            log.accept(manifest.histogramText().stripTrailing());
            CheckpointIndex checkpoints = new CheckpointIndex(out);
            writeRecords(out, recorded.isEmpty() ? record : null, manifest, checkpoints);
            Optional<Checkpoint> resume = checkpoints.latest();
            resume.ifPresent(c -> log.accept("resuming from " + c.file().getFileName() + " (epoch " + c.epoch()
                    + ", step " + c.step() + ")"));
            RunContext context = new RunContext(training.samples(), training.classCount(), job.architecture(), config,
                    job.seed(), job.epochs(), job.device(), job.threads(), out, progress, job.checkpointEveryEpochs(),
                    job.checkpointEverySteps(), resume, checkpoints, job.precision());
            TrainedEncoder trained = train(job, algorithm, context);
            SESSION_FACTS.stream().filter(trained.provenance()::containsKey)
                    .forEach(fact -> log.accept(fact + ": " + trained.provenance().get(fact)));
            export(job, config, manifest, trained, out, trainedOn(recorded));
            log.accept("exported " + out.resolve(EncoderFiles.ONNX_FILE) + " and " + EncoderFiles.DESCRIPTOR_FILE);
            return out;
        }
    }

    /** Writes the run's record (unless a rerun's is already there), the manifest and the checkpoint folder. */
    private static void writeRecords(Path out, RunRecord newRecord, DatasetManifest manifest, CheckpointIndex checkpoints) {
        try {
            Files.createDirectories(out);
            if (newRecord != null) {
                newRecord.writeTo(out);
            }
            manifest.writeTo(out);
            checkpoints.folder();
        } catch (IOException e) {
            throw new PretrainException("cannot write to " + out + ": " + FileProblems.reason(e)
                    + " (check that the folder is writable and the disk has space)", e);
        }
    }

    /** @return whether {@code out} holds an exported encoder, i.e. the job is done */
    public static boolean isDone(Path out) {
        return Files.isRegularFile(out.resolve(EncoderFiles.ONNX_FILE)) && Files.isRegularFile(out.resolve(EncoderFiles.DESCRIPTOR_FILE));
    }

    /** @return whether {@code out} holds a checkpoint a rerun would resume from */
    public static boolean hasCheckpoint(Path out) {
        return new CheckpointIndex(out).exists();
    }

    private static PretrainingAlgorithm algorithm(PretrainJob job, PluginRegistry registry) {
        LoadedProvider<PretrainingAlgorithm> found = registry.algorithm(job.algorithm()).orElseThrow(() -> {
            List<String> known = registry.algorithms().stream().map(LoadedProvider::name).sorted().toList();
            List<String> refusedJars = registry.problems().stream().map(PluginProblem::source)
                    .filter(s -> s instanceof PluginSource.Jar).map(Object::toString).distinct().toList();
            return new PretrainException("unknown algorithm '" + job.algorithm() + "'; known: "
                    + (known.isEmpty() ? "none (add plugin jars to the plugins folder)" : String.join(", ", known))
                    + (refusedJars.isEmpty() ? "" : "; if it is in " + String.join(" or ", refusedJars)
                    + ", see the warning above for why that jar was refused"));
        });
        List<PluginSource> ignored = registry.ignoredAlgorithmsNamed(job.algorithm());
        if (!ignored.isEmpty()) {
            throw new PretrainException("algorithm '" + job.algorithm() + "' is offered by " + found.source() + " and also by "
                    + ignored.stream().map(Object::toString).collect(Collectors.joining(" and "))
                    + ", which was ignored; RepBench does not guess which one you mean: rename the plugin's algorithm,"
                    + " or remove its jar from the plugins folder");
        }
        return found.provider();
    }

    private static AlgorithmConfig resolveConfig(PretrainJob job, PretrainingAlgorithm algorithm) {
        try {
            return algorithm.defaultConfig().withOverrides(job.overrides());
        } catch (IllegalArgumentException e) {
            throw new PretrainException(job.algorithm() + ": " + e.getMessage()
                    + " (see its defaults with 'repbench list algorithms --verbose')", e);
        }
    }

    private static void checkArchitecture(PretrainJob job) {
        try {
            ArchitectureRegistry.installed().get(job.architecture());
        } catch (IllegalArgumentException e) {
            throw new PretrainException(e.getMessage(), e);
        }
    }

    private static void refuseIfDifferent(Path out, RunRecord recorded, RunRecord wanted) {
        List<String> differences = recorded.differencesFrom(wanted);
        if (!differences.isEmpty()) {
            throw new PretrainException(out.resolve(RunRecord.FILE_NAME) + " records another job (" + String.join("; ", differences)
                    + "); use another --out, or delete " + out + " to start over");
        }
    }

    private static TrainingSet openTrainingSet(PretrainJob job, PluginRegistry registry, List<String> taskNames) {
        try {
            // A job without a data root reads Fashion-MNIST where Debian's package puts it, as the commands default to.
            Path dataRoot = job.dataRoot() == null ? Path.of(FashionMnistSplits.DEBIAN_ROOT) : job.dataRoot();
            return TrainingSet.open(job.dataset(), job.variant(), job.seed(), dataRoot,
                    name -> registry.task(name).map(LoadedProvider::provider), taskNames);
        } catch (IllegalArgumentException e) {
            throw new PretrainException(e.getMessage(), e);
        }
    }

    private static TrainedEncoder train(PretrainJob job, PretrainingAlgorithm algorithm, RunContext context) {
        try {
            TrainedEncoder trained = algorithm.pretrain(context);
            if (!trained.architectureName().equals(job.architecture())) {
                throw new PretrainException("algorithm " + job.algorithm() + " returned a " + trained.architectureName()
                        + " encoder for a " + job.architecture() + " job; report this to the plugin's author");
            }
            return trained;
        } catch (IOException | UncheckedIOException e) {
            throw new PretrainException(job.algorithm() + " failed reading data or writing a checkpoint in " + context.outputDirectory()
                    + ": " + e.getMessage() + "; rerun to resume from the last checkpoint", e);
        }
    }

    /**
     * The processor model that computed the weights, for encoder.json: this one, or, for a run that began on another
     * model (a requeued Slurm job on another node type), the one pretrain.json names and this one.
     */
    private static String trainedOn(Optional<RunRecord> recorded) {
        String here = Processor.describe();
        String began = recorded.map(RunRecord::execution).map(e -> e.get("processor")).map(String::valueOf)
                .orElse(here);
        return began.equals(here) ? here : began + "; resumed on " + here;
    }

    private static void export(PretrainJob job, AlgorithmConfig config, DatasetManifest manifest, TrainedEncoder trained,
                               Path out, String processor) {
        Path weights = out.resolve(ENCODER_CHECKPOINT);
        Torch.setNumThreads(job.threads());
        try {
            copyIntoPlace(trained.checkpoint(), weights);
            String checkpointSha256 = Sha256.ofFile(weights);
            int side = config.values().get(IMAGE_SIDE) instanceof Long s ? Math.toIntExact(s)
                    : EncoderExport.defaultInputSide(job.architecture());
            String dataset = job.variant().equals("full") ? job.dataset() : job.dataset() + "/" + job.variant();
            Map<String, String> encoderFacts = new TreeMap<>(trained.provenance());
            encoderFacts.keySet().removeAll(SESSION_FACTS);
            EncoderExport.Facts facts = new EncoderExport.Facts(job.algorithm(), dataset, manifest.sha256(), job.epochs(),
                    job.seed(), checkpointSha256, side, side, encoderFacts, processor);
            try (Backbone net = EncoderExport.build(job.architecture(), 0)) {
                EncoderExport.load(net, weights, CheckpointLayout.TORCHVISION);
                EncoderExport.write(net, out, facts, false);
            }
        } catch (IOException e) {
            throw new PretrainException("cannot read the trained weights " + trained.checkpoint() + ": " + e.getMessage()
                    + "; rerun to resume from the last checkpoint", e);
        } catch (RuntimeException e) {
            throw new PretrainException("cannot export " + weights + " as a " + job.architecture() + " encoder: "
                    + e.getMessage().strip().replaceAll("\\s*\\R\\s*", "; "), e);
        }
    }

    /** The algorithm may leave its weights elsewhere in the folder; the run's layout wants them as encoder.pt. */
    private static void copyIntoPlace(Path checkpoint, Path weights) throws IOException {
        if (checkpoint.toAbsolutePath().normalize().equals(weights)) {
            return;
        }
        AtomicFiles.copy(checkpoint, weights);
    }
}
