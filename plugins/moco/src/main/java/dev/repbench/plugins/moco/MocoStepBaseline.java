package dev.repbench.plugins.moco;

import dev.repbench.plugins.kit.bench.BaselineBenchmark;
import java.io.IOException;

/** {@link MocoStepBenchmark} as a {@link BaselineBenchmark}, so {@code repbench bench pretrain} finds it. */
public final class MocoStepBaseline implements BaselineBenchmark {

    @Override
    public String name() {
        return "moco-v2-step";
    }

    @Override
    public String description() {
        return "one MoCo v2 training step (both encoders, MLP head, shuffled BN, InfoNCE on a 65,536-key queue, SGD,"
                + " momentum update; no augmentation) vs the same step in PyTorch";
    }

    @Override
    public Result run(Settings settings) throws IOException {
        MocoStepBenchmark.Result r = MocoStepBenchmark.run(new MocoStepBenchmark.Options(settings.batchSize(),
                settings.imageSide(), settings.threads(), settings.warmupSteps(), settings.measuredSteps(), settings.python(),
                settings.architecture(), settings.device()));
        return new Result(r.oursImagesPerSecond(), r.pytorchImagesPerSecond(), "PyTorch");
    }
}
