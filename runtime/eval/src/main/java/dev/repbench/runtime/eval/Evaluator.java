package dev.repbench.runtime.eval;

import dev.repbench.api.EndTask;
import dev.repbench.api.task.TaskContext;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.record.ResultKey;
import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.features.cache.FeatureCache;
import dev.repbench.runtime.version.Processor;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates one (encoder, task, seed) cell, the same way for every {@link Protocol}: skips it if its record exists
 * and was computed on the task's data as it is now (same manifest hash; a record of other data is recomputed and
 * replaced, and the outcome says so); otherwise checks that the task's protocol can evaluate it, opens the task's data, carves the validation set
 * ({@link TaskSplits}), lets the protocol read the encoder's features through the cache ({@link CachedFeatures}) and
 * train and score its head, and writes the record atomically. What a protocol does is in its own package
 * ({@code imagelevel}: pooled embeddings and linear or fusion heads; {@code pixelwise}: block pyramids and dense
 * heads); {@link Protocols} picks it by the task's head.
 */
public final class Evaluator {
    private final ResultStore store;
    private final CachedFeatures features;
    private final Path dataRoot;
    private final TaskManifests manifests;
    private int cellsComputed;

    /**
     * What one cell came to.
     *
     * @param record   the cell's record, read back if skipped
     * @param skipped  whether the record already existed and nothing was computed
     * @param file     the record's file
     * @param replaced the manifest hash of the data an earlier record at this key was computed on, when it was other
     *                 data than now and the record was recomputed; {@code null} otherwise
     */
    public record Outcome(ResultRecord record, boolean skipped, Path file, String replaced) {
        /** @return one line on the record this one replaced, or empty */
        public Optional<String> replacementNote() {
            return replaced == null ? Optional.empty() : Optional.of("the record of " + record.task() + " at " + file
                    + " was computed on other data (manifest " + abbreviated(replaced) + ", now "
                    + abbreviated(record.datasetManifestHash()) + "): recomputed and replaced");
        }

        private static String abbreviated(String hash) {
            return hash.length() <= 12 ? hash : hash.substring(0, 12) + "…";
        }
    }

    /**
     * As {@link #Evaluator(ResultStore, FeatureCache, FeatureExtractor.Settings, Path, TaskManifests)} with manifests
     * of its own.
     */
    public Evaluator(ResultStore store, FeatureCache cache, FeatureExtractor.Settings settings, Path dataRoot) {
        this(store, cache, settings, dataRoot, new TaskManifests());
    }

    /**
     * @param store     where records go
     * @param cache     the feature cache
     * @param settings  how the encoder runs (device, threads, batch)
     * @param dataRoot  the data root handed to tasks
     * @param manifests the run's manifests, shared with whoever else checks them in the run (the study runner)
     */
    public Evaluator(ResultStore store, FeatureCache cache, FeatureExtractor.Settings settings, Path dataRoot,
                     TaskManifests manifests) {
        this.store = Objects.requireNonNull(store, "store");
        this.features = new CachedFeatures(cache, settings);
        this.dataRoot = Objects.requireNonNull(dataRoot, "dataRoot");
        this.manifests = Objects.requireNonNull(manifests, "manifests");
    }

    /** @return how many cells this evaluator computed (skipped cells are not counted) */
    public int cellsComputed() {
        return cellsComputed;
    }

    /** @return the key of a cell */
    public static ResultKey keyOf(LoadedEncoder encoder, EndTask task, ProtocolConfig config, long seed) {
        return new ResultKey(FeatureExtractor.encoderSha256(encoder), task.name(), config.hash(), seed);
    }

    /**
     * Refuses, before any data is read, a task that no protocol can evaluate on {@code given}: one without a
     * protocol for its head, or whose head reads outputs the encoder lacks (a pixelwise task on an encoder without
     * block outputs).
     *
     * @return the encoder at the input size {@code config} gives for the task
     * @throws IllegalArgumentException saying what the task needs and how to get it
     */
    public LoadedEncoder check(LoadedEncoder given, EndTask task, ProtocolConfig config) {
        LoadedEncoder encoder = config.input().applyTo(given, task);
        Protocols.forTask(task).check(task, encoder);
        return encoder;
    }

    /**
     * Evaluates a cell, or reads its existing record.
     *
     * @param given  the frozen encoder
     * @param task   the end task
     * @param config the protocol, epochs and batch resolved (see {@link ProtocolConfig#forTask})
     * @param seed   the seed: head initialisation, sample order, validation carve, task splits
     * @return the record, whether it was skipped, and whether it replaced a record of other data
     * @throws IllegalArgumentException if no protocol serves the task's head, the task's output and metric do not fit
     *                                  its head, the encoder lacks the outputs the head reads, or the data is too small
     */
    public Outcome evaluate(LoadedEncoder given, EndTask task, ProtocolConfig config, long seed) {
        ResultKey key = keyOf(given, task, config, seed);
        Optional<ResultRecord> existing = store.read(key);
        String replaced = null;
        if (existing.isPresent()) {
            String recorded = existing.get().datasetManifestHash();
            if (manifests.of(task, dataRoot, seed).equals(recorded)) {
                store.rememberEncoder(key.encoderSha256(), given.descriptor()); // the report reads provenance from here
                return new Outcome(existing.get(), true, store.pathOf(key), null);
            }
            replaced = recorded == null ? "none" : recorded;
        }
        LoadedEncoder encoder = check(given, task, config);
        Protocol protocol = Protocols.forTask(task);
        long started = System.nanoTime();
        try (TaskDataset data = task.open(TaskContext.of(dataRoot, seed))) {
            TaskSplits splits = TaskSplits.of(data, manifests.of(task, dataRoot, seed, data), task, config, seed);
            Protocol.Outcome outcome = protocol.run(new ProtocolInput(encoder, task, config, seed, splits, features));
            ResultRecord record = ResultRecord.of(key, task, config, outcome, new ResultRecord.Run(
                    (System.nanoTime() - started) / 1e9, ResultRecord.Versions.current(),
                    features.settings().device().toString(), splits.manifest(), splits.carve().indicesHash(),
                    Processor.describe()));
            // Only with its record: an encoder refused or failed on the way leaves nothing in the results folder.
            store.rememberEncoder(key.encoderSha256(), given.descriptor());
            Path file = store.write(record);
            cellsComputed++;
            return new Outcome(record, false, file, replaced);
        }
    }
}
