package dev.repbench.runtime.report;

import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.eval.record.ResultRecord;
import dev.repbench.runtime.eval.record.ResultStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A records folder of made-up but plausible scores, and a cka.json as repbench cka writes it. */
public final class ReportFixtures {
    static final String CONFIG = "0123456789abcdef";
    /** algorithm, dataset of each encoder. */
    static final String[][] ENCODERS = {{"supervised", "imagenet"}, {"moco-v2", "imagenet"}, {"moco-v2", "places"},
            {"swav", "imagenet"}, {"swav", "places"}, {"random-init", null}};
    /** task, category label of each task; "<b>&" checks escaping end to end. */
    static final String[][] TASKS = {{"imagenet-cls", "semantic image-level"}, {"pets-cls", "semantic image-level"},
            {"clevr-count", "structural image-level"}, {"ego-seg", "semantic pixelwise"},
            {"depth", "structural pixelwise"}};

    private ReportFixtures() {
    }

    public static String sha(int encoder) {
        return String.format("%02x", encoder + 1).repeat(32);
    }

    /**
     * Writes 6 encoders × 5 tasks × {@code seeds} records and the encoders' descriptors (unless provenance is off).
     * The best encoder beats random-init by 0.06–0.08 on every task: no task separates encoders.
     */
    public static ResultStore records(Path folder, int seeds, boolean provenance) {
        return records(folder, seeds, provenance, true, Set.of());
    }

    /**
     * As {@link #records(Path, int, boolean)}, with random-init left out where {@code randomInit} is false, and 0.2
     * lower on the {@code separating} tasks, so that its best rival clears the 0.10 separation line there.
     */
    public static ResultStore records(Path folder, int seeds, boolean provenance, boolean randomInit,
                                      Set<String> separating) {
        String[][] encoders = randomInit ? ENCODERS
                : java.util.Arrays.stream(ENCODERS).filter(e -> !"random-init".equals(e[0])).toArray(String[][]::new);
        return records(folder, encoders, seeds, provenance, separating);
    }

    /** As {@link #records(Path, int, boolean, boolean, Set)}, for the given encoders (algorithm, dataset) instead. */
    public static ResultStore records(Path folder, String[][] encoders, int seeds, boolean provenance,
                                      Set<String> separating) {
        ResultStore store = ResultStore.open(folder);
        for (int e = 0; e < encoders.length; e++) {
            if (provenance) {
                store.rememberEncoder(sha(e), new EncoderDescriptor(1, "resnet18-small",
                        EncoderDescriptor.Preprocessing.imagenet(32, 32), null, new EncoderDescriptor.Provenance(
                        encoders[e][0], encoders[e][1], null, 200, (long) e, null, "test", null, null, sha(e))));
            }
            for (int t = 0; t < TASKS.length; t++) {
                for (int s = 0; s < seeds; s++) {
                    store.write(record(TASKS[t][0], TASKS[t][1], sha(e), s,
                            score(encoders, e, t, s, separating)));
                }
            }
        }
        return store;
    }

    /** Encoder {@code e}'s score on task {@code t} for seed {@code s}, as {@link #records} writes it. */
    static double score(int e, int t, int s, Set<String> separating) {
        return score(ENCODERS, e, t, s, separating);
    }

    private static double score(String[][] encoders, int e, int t, int s, Set<String> separating) {
        // a task-specific mix of "semantic" and "structural" quality per encoder, plus seed noise
        boolean random = "random-init".equals(encoders[e][0]);
        double semantic = Math.sin(e * 1.3 + 0.4);
        double structural = Math.cos(e * 0.7 + 1.1);
        double weight = TASKS[t][1].startsWith("semantic") ? 0.8 : 0.2;
        return 0.5 + 0.2 * (weight * semantic + (1 - weight) * structural) + 0.03 * t
                + 0.002 * s * ((e + t) % 3 - 1) - (random && separating.contains(TASKS[t][0]) ? 0.2 : 0);
    }

    static ResultRecord record(String task, String category, String encoderSha, long seed, double score) {
        return new ResultRecord(ResultRecord.FORMAT_VERSION, task, category, "LINEAR", "top1", "STANDARD", score,
                score, score, 1, List.of(score), List.of(score), new ResultRecord.SplitSizes(10, 2, 5),
                new ResultRecord.Hyperparameters("adam", 3e-4, 1, 8, 0), CONFIG, seed, 0.1,
                new ResultRecord.Versions("test", "1.0", "2.0", "25", "OpenBLAS test"), "cpu", encoderSha, "ab".repeat(32), "cd".repeat(8),
                "fp32", "Test CPU, 2 logical processor(s)");
    }

    /** A 3-layer symmetric CKA file of encoder 1, as repbench cka writes it. */
    public static Path ckaFile(Path folder) throws IOException {
        return ckaFile(folder, 1, 0.8, 0.3, 0.5);
    }

    /**
     * A 3-layer symmetric CKA file of {@code encoder} (block1, block2, embedding), as repbench cka writes it.
     *
     * @param b1b2 CKA between block1 and block2; {@code b1e}, {@code b2e} with the embedding
     */
    public static Path ckaFile(Path folder, int encoder, double b1b2, double b1e, double b2e) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve("cka.json");
        Files.writeString(file, """
                {"form": "linear CKA (minibatch, unbiased HSIC)", "dataset": "fashion-mnist", "split": "test",
                 "images": 64, "batchSize": 16, "inputSize": [32, 32],
                 "encoders": [{"role": "rows and columns", "architecture": "resnet18-small",
                               "onnxFile": "/x/encoder.onnx", "onnxSha256": "%s"}],
                 "symmetric": true, "rowLabels": ["block1", "block2", "embedding"],
                 "columnLabels": ["block1", "block2", "embedding"],
                 "values": [[1.0, %s, %s], [%s, 1.0, %s], [%s, %s, 1.0]]}
                """.formatted(sha(encoder), b1b2, b1e, b1b2, b2e, b1e, b2e));
        return file;
    }
}
