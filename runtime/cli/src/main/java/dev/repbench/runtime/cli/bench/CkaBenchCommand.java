package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.cli.options.Usage;


import dev.repbench.runtime.bench.BenchArchitectures;
import dev.repbench.runtime.bench.CkaBench;

import dev.repbench.torch.Torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code repbench bench cka}: CKA over all block pairs, Gram work against the forward pass. */
@Command(name = "cka", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"CKA over all pairs of a random-init ResNet's block outputs: wall time split into the",
                "encoder's forward pass and the Gram work (goal < 25 %), against the feature-space form ViRB used."})
final class CkaBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--arch", defaultValue = "resnet50", completionCandidates = ArchitectureChoices.Registered.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--images", defaultValue = "10000", description = "Images (default: ${DEFAULT-VALUE}, the study's).")
    int images;

    @Option(names = "--batch", defaultValue = "32", description = "Images per CKA minibatch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--size", defaultValue = "112", description = "Image side (default: ${DEFAULT-VALUE}, the study's).")
    int size;

    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up batches per timing (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "3", description = "Timed batches per timing (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--subset", defaultValue = "512",
            description = "Images in the feature-space BLAS timing (default: ${DEFAULT-VALUE}).")
    int subset;

    @Mixin
    ImageStreamOptions stream = new ImageStreamOptions();

    @Override
    public Integer call() throws Exception {
        Usage.parse(spec, "--arch", () -> BenchArchitectures.any(arch));
        if (batch < 4 || images < batch || size < 32 || steps < 1 || warmup < 0 || subset < 1) {
            throw Usage.error(spec, "--batch is 4 or more, --images at"
                    + " least one batch, --size 32 or more, --steps and --subset 1 or more, --warmup 0 or more");
        }
        int threads = BenchCommand.root(spec).execution().threads();
        Torch.load();
        int loaders = stream.loaders();
        CkaBench.run(new CkaBench.Config(arch, images, batch, size, threads, loaders, warmup, steps, subset, stream.dataRoot()),
                System.out);
        return 0;
    }
}
