package dev.repbench.runtime.cli.bench;

import dev.repbench.runtime.bench.HeadStepBench;
import dev.repbench.runtime.bench.HeadStepBench.HeadChoice;
import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code repbench bench heads}: the pixelwise heads' training step in fp32 and bf16, RepBench against PyTorch. */
@Command(name = "heads", mixinStandardHelpOptions = true,
        description = "One training step of each pixelwise head (DeepLabv3+, U-Net, Siamese U-Net) on random block pyramids"
                + " of an architecture, as the pixelwise protocol runs it (batch 16, Adam 3e-4), in fp32 NCHW and bf16"
                + " channels-last, RepBench against the same heads in PyTorch, with the bf16 / fp32 ratios of both.")
final class HeadsBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--arch", defaultValue = "resnet18",
            description = "The architecture whose blocks the heads read (default: ${DEFAULT-VALUE}; the quickstart's is resnet18-small).")
    String arch;

    @Option(names = "--size", defaultValue = "64",
            description = "The input side the blocks stand for: the battery's 64, the quickstart's 32 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}, the protocol's).")
    int batch;

    @Option(names = "--heads", split = ",", defaultValue = "deeplabv3plus,unet,siamese-unet",
            description = "Heads to time (default: ${DEFAULT-VALUE}).")
    List<String> heads;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--steps", defaultValue = "5", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    PyTorchBaselineOptions pytorch = new PyTorchBaselineOptions();

    @Override
    public Integer call() throws Exception {
        Usage.parse(spec, "--arch", () -> ArchitectureRegistry.installed().get(arch));
        List<HeadChoice> chosen = Usage.parse(spec, "--heads", () -> heads.stream().map(HeadChoice::fromId).toList());
        if (batch < 2 || size < 8 || steps < 1 || warmup < 0) {
            // two: DeepLab's image-pooling branch normalises a 1x1 map, which a batch norm cannot train on one sample
            throw Usage.error(spec, "--batch is 2 or more, --size 8 or more, --steps 1 or more, --warmup 0 or more");
        }
        int threads = BenchCommand.root(spec).execution().threads();
        Torch.load();
        Torch.setNumThreads(threads);
        System.out.printf("libtorch %s, %d threads, bf16 features: %s%n", Torch.version(), Torch.numThreads(),
                Torch.cpuBf16Features().isEmpty() ? "none" : String.join(", ", Torch.cpuBf16Features()));
        HeadStepBench.run(new HeadStepBench.Config(arch, size, batch, threads, warmup, steps, chosen,
                pytorch.baseline()), System.out);
        return 0;
    }
}
