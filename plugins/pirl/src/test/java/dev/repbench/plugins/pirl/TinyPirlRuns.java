package dev.repbench.plugins.pirl;

import dev.repbench.plugins.kit.train.TestPretrainingContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Tiny PIRL runs for tests: the kit's test context on random unlabelled RGB images, resnet18-small, CPU, one thread. */
final class TinyPirlRuns {
    private TinyPirlRuns() {
    }

    /**
     * @param imageCount how many random images
     * @param side       their side (and the loop's image side)
     * @param overrides  config values besides the defaults and the loop settings (batch 4, one worker)
     * @param output     the run's folder
     * @return a context with PIRL's default config, those settings and seed 3
     */
    static TestPretrainingContext context(int imageCount, int side, Map<String, Object> overrides, Path output) {
        TestPretrainingContext context = new TestPretrainingContext(
                TestPretrainingContext.images(imageCount, side, 0, 42), output);
        Map<String, Object> values = new HashMap<>(Map.of("batch-size", 4, "image-side", side, "loader-workers", 1));
        values.putAll(overrides);
        context.config = new Pirl().defaultConfig().withOverrides(values);
        context.seed = 3;
        return context;
    }
}
