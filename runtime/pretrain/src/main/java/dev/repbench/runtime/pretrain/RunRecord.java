package dev.repbench.runtime.pretrain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.version.BuildInfo;
import dev.repbench.runtime.version.Processor;
import dev.repbench.torch.Torch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A run's {@value #FILE_NAME}: what was asked (the job), the config actually used (defaults plus overrides), the
 * training set's manifest hash, and the versions that ran it. Written before training, so a rerun into the same folder
 * can tell whether it is the same job ({@link #differencesFrom}).
 *
 * @param formatVersion          {@value #FORMAT_VERSION}
 * @param algorithm              the algorithm's name
 * @param dataset                the dataset as given
 * @param variant                the variant as given
 * @param architecture           the architecture id
 * @param epochs                 epochs
 * @param seed                   the seed
 * @param precision              the precision asked for, {@code fp32} or {@code bf16} (null in records written before
 *                               it existed, which trained in fp32)
 * @param overrides              the config values the job replaced, as given
 * @param config                 the resolved config, by name
 * @param datasetManifestSha256  the training set's manifest hash
 * @param execution              where it ran (device, threads, processor model), the data root and the checkpoint
 *                               intervals (not part of the job's identity)
 * @param versions               RepBench, libtorch, BLAS (with its kernels) and JVM versions
 * @param createdAt              when the record was written, ISO-8601 UTC
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"formatVersion", "algorithm", "dataset", "variant", "architecture", "epochs", "seed", "precision", "overrides",
        "config", "datasetManifestSha256", "execution", "versions", "createdAt"})
record RunRecord(int formatVersion, String algorithm, String dataset, String variant, String architecture, int epochs,
                 long seed, String precision, Map<String, Object> overrides, Map<String, Object> config, String datasetManifestSha256, Map<String, Object> execution,
                 Map<String, String> versions, String createdAt) {
    /** The record's file name in a run folder. */
    static final String FILE_NAME = "pretrain.json";
    /** The current format. */
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record of {@code job} run with {@code config} on the training set of {@code manifestSha256}. */
    static RunRecord of(PretrainJob job, AlgorithmConfig config, String manifestSha256) {
        return new RunRecord(FORMAT_VERSION, job.algorithm(), job.dataset(), job.variant(), job.architecture(),
                job.epochs(), job.seed(), job.precision().toString(), new TreeMap<>(job.overrides()), config.values(), manifestSha256,
                execution(job),
                // sorted: Map.of's order changes from one JVM to the next, and two runs write the same bytes
                // blas: OpenBLAS's version and kernels, which decide a float32 loss's last bits (docs/run-spec.md)
                new TreeMap<>(Map.of("repbench", BuildInfo.version(), "libtorch", Torch.version(), "blas", Torch.blas(),
                        "jvm", Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")")),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static Map<String, Object> execution(PretrainJob job) {
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("device", job.device().toString());
        execution.put("threads", job.threads());
        // a pretraining's bytes depend on the processor model's kernels (docs/run-spec.md, Reproducibility)
        execution.put("processor", Processor.describe());
        execution.put("dataRoot", job.dataRoot() == null ? null : job.dataRoot().toAbsolutePath().toString());
        execution.put("checkpointEveryEpochs", job.checkpointEveryEpochs());
        execution.put("checkpointEverySteps", job.checkpointEverySteps());
        return execution;
    }

    /**
     * @return the record in {@code folder}, if there is one
     * @throws PretrainException if it exists but cannot be read
     */
    static Optional<RunRecord> read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), RunRecord.class));
        } catch (IOException e) {
            throw new PretrainException("cannot read " + file + ": " + e.getMessage()
                    + " — delete the folder to start over, or use another --out", e);
        }
    }

    /** Writes the record atomically as {@code folder/pretrain.json}. */
    void writeTo(Path folder) throws IOException {
        AtomicFiles.writeJson(folder.resolve(FILE_NAME), this);
    }

    /**
     * The fields that make this record another job than {@code other}: algorithm, dataset, variant, architecture,
     * epochs, seed, precision, each differing config value (for the same algorithm), and the manifest hash when both records
     * have one.
     *
     * @return one {@code "field: this → other"} phrase per difference; empty if the same job
     */
    List<String> differencesFrom(RunRecord other) {
        List<String> differences = new ArrayList<>();
        compare(differences, "algorithm", algorithm, other.algorithm);
        compare(differences, "dataset", dataset, other.dataset);
        compare(differences, "variant", variant, other.variant);
        compare(differences, "architecture", architecture, other.architecture);
        compare(differences, "epochs", epochs, other.epochs);
        compare(differences, "seed", seed, other.seed);
        compare(differences, "precision", precisionOrFp32(), other.precisionOrFp32());
        // Two algorithms' configs differ anyway; listing every key would bury the one difference that matters.
        if (Objects.equals(algorithm, other.algorithm)) {
            Map<String, Object> mine = new AlgorithmConfig(config).values();
            Map<String, Object> theirs = new AlgorithmConfig(other.config).values();
            TreeSet<String> keys = new TreeSet<>(mine.keySet());
            keys.addAll(theirs.keySet());
            for (String key : keys) {
                compare(differences, "config " + key, mine.get(key), theirs.get(key));
            }
        }
        if (datasetManifestSha256 != null && other.datasetManifestSha256 != null) {
            compare(differences, "dataset manifest", datasetManifestSha256, other.datasetManifestSha256);
        }
        return differences;
    }

    /** A record from before the setting trained in fp32. */
    private String precisionOrFp32() {
        return precision == null ? "fp32" : precision;
    }

    private static void compare(List<String> differences, String field, Object recorded, Object wanted) {
        if (!Objects.equals(recorded, wanted)) {
            differences.add(field + " " + (recorded == null ? "unset" : recorded) + " there, "
                    + (wanted == null ? "unset" : wanted) + " now");
        }
    }

    /** The same record with the training set's manifest hash. */
    RunRecord withManifest(String sha256) {
        return new RunRecord(formatVersion, algorithm, dataset, variant, architecture, epochs, seed, precision, overrides, config, sha256,
                execution, versions, createdAt);
    }
}
