package dev.repbench.runtime.eval.record;

import dev.repbench.runtime.eval.ProtocolConfig;

import java.util.List;

/** Result records for tests. */
final class Records {
    static final String ENCODER = "ab".repeat(32);

    private Records() {
    }

    static ResultRecord sample(String task, long seed, double score) {
        return new ResultRecord(ResultRecord.FORMAT_VERSION, task, "semantic image-level", "LINEAR", "top1", "STANDARD",
                score, score - 0.01, score + 0.02, 3, List.of(0.1, 0.5, score + 0.02, 0.4), List.of(0.1, 0.4, score, score - 0.01),
                new ResultRecord.SplitSizes(900, 100, 500),
                new ResultRecord.Hyperparameters("adam", 3e-4, 4, 256, 0.0),
                ProtocolConfig.study(4).hash(), seed, 1.25, new ResultRecord.Versions("1.0", "1.22.0", "2.7.0", "25", "OpenBLAS test"),
                "cpu", ENCODER, "cd".repeat(32), "ef".repeat(8), "fp32", "Test CPU, 2 logical processor(s)");
    }
}
