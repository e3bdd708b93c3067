package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.cli.options.Usage;


import dev.repbench.runtime.bench.FeaturesBench;
import dev.repbench.torch.bench.FmaPeak;

import dev.repbench.torch.Torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code repbench bench features}: feature extraction throughput against ONNX Runtime alone and PyTorch. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Feature extraction throughput: (a) ONNX Runtime alone on ready inputs, (b) end to end from",
                "Fashion-MNIST through the pipeline into the cache, (c) PyTorch eager; and (b)/(a)."})
final class FeaturesBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    BenchOptions model = new BenchOptions();

    @Option(names = "--images", defaultValue = "256", description = "Images extracted end to end (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--rounds", defaultValue = "2",
            description = "Rounds of (a) then (b); the best of each is reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    ImageStreamOptions stream = new ImageStreamOptions();

    @Override
    public Integer call() throws Exception {
        model.validate(spec);
        if (images < 1 || rounds < 1) {
            throw Usage.error(spec, "--images and --rounds are 1 or more");
        }
        PrintStream out = System.out;
        int threads = BenchCommand.root(spec).execution().threads();
        Torch.load();
        double peak = FmaPeak.gflops(threads, 1.0);
        out.printf("FMA peak measured in this process: %.0f GFLOP/s float32 on %d threads (low when the machine is busy)%n",
                peak, threads);
        int loaders = stream.loaders();
        FeaturesBench.run(new FeaturesBench.Config(model.arch, model.batch, model.size, threads, images, model.warmup,
                model.steps, rounds, loaders, stream.dataRoot(), model.baseline()), peak, out);
        return 0;
    }
}
