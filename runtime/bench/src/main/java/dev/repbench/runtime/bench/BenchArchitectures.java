package dev.repbench.runtime.bench;

import dev.repbench.torch.nn.arch.Architecture;
import dev.repbench.torch.nn.arch.ArchitectureLayout;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import dev.repbench.torch.onnx.OnnxExporter;
import java.util.ArrayList;
import java.util.List;

/**
 * Which architectures each benchmark runs, read off the architecture registry rather than listed by name. A benchmark
 * that only runs the encoder (bench cka) takes any registered architecture; one that states FLOP rates and runs the
 * same network in PyTorch (bench torch, features, pretrain) takes the built-ins the registry states forward GMACs
 * for: the kit's {@code torchvision_resnet.py} builds exactly the built-ins, under the same names.
 */
public final class BenchArchitectures {
    private BenchArchitectures() {
    }

    /**
     * @return the registered architecture called {@code name}
     * @throws IllegalArgumentException naming the known architectures
     */
    public static Architecture any(String name) {
        return ArchitectureRegistry.installed().get(name);
    }

    /** @return the names of the architectures a benchmark with a PyTorch twin and a FLOP rate runs, sorted */
    public static List<String> withPyTorchTwin() {
        return ArchitectureRegistry.builtIn().architectures().stream().filter(a -> a.forwardGmacs().isPresent())
                .map(Architecture::name).sorted().toList();
    }

    /**
     * @return the architecture called {@code name}, if a benchmark with a PyTorch twin and a FLOP rate runs it
     * @throws IllegalArgumentException naming the ones it runs
     */
    public static Architecture withPyTorchTwin(String name) {
        if (!withPyTorchTwin().contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not one of " + String.join(", ", withPyTorchTwin())
                    + " (the built-in architectures: the PyTorch baseline builds them too, and their FLOP counts are known)");
        }
        return ArchitectureRegistry.builtIn().get(name);
    }

    /**
     * @param side the square image's side
     * @return the multiply-accumulates of one forward pass of {@code name} at {@code side}, in billions
     * @throws IllegalArgumentException if the registry states none for it
     */
    public static double forwardGmacs(String name, int side) {
        return any(name).forwardGmacs(side).orElseThrow(() -> new IllegalArgumentException("no forward GMAC count for"
                + " architecture '" + name + "'; the registry states one for " + String.join(", ", withPyTorchTwin())));
    }

    /** @return the outputs of {@code layout} CKA compares: every block, {@code block1} first, then the embedding */
    public static List<String> blocksAndEmbedding(ArchitectureLayout layout) {
        List<String> outputs = new ArrayList<>();
        for (int k = 1; k <= layout.blocks().size(); k++) {
            outputs.add(ArchitectureLayout.blockName(k));
        }
        outputs.add(OnnxExporter.EMBEDDING);
        return List.copyOf(outputs);
    }
}
