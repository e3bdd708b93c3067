package dev.repbench.runtime.pretrain;

import dev.repbench.api.pretrain.ProgressListener;
import dev.repbench.runtime.plugin.PluginRegistry;
import java.nio.file.Path;

/**
 * Runs a {@link PretrainJob} to an exported encoder folder: resolves the algorithm in the registry and the
 * dataset (and variant manifest), resumes from the latest checkpoint in the output folder if there is one,
 * trains, then exports {@code encoder.onnx} + {@code encoder.json}. A job whose encoder files already exist is
 * skipped. Used by {@code repbench pretrain} and by run-spec cells.
 */
public final class PretrainRunner {
    // TODO(pretrain helper): implement.

    private PretrainRunner() {
    }

    /**
     * @param job      the job
     * @param registry where the algorithm is looked up
     * @param progress where training progress goes
     * @return the job's folder, now holding {@code encoder.onnx} and {@code encoder.json}
     */
    public static Path run(PretrainJob job, PluginRegistry registry, ProgressListener progress) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
