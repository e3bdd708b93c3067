package dev.repbench.torch.nn.arch;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a JVM of its own by {@link ArchitectureRegistryTest}: reads every built-in layout, then prints whether
 * libtorch has been mapped into the process (it must not have been: listing and validating need no native code).
 */
public final class LayoutsWithoutTorch {
    private LayoutsWithoutTorch() {
    }

    public static void main(String[] args) throws Exception {
        long blocks = ArchitectureRegistry.builtIn().architectures().stream().mapToLong(a -> a.layout().blocks().size()).sum();
        System.out.println("blocks " + blocks);
        System.out.println("libtorch mapped " + Files.readString(Path.of("/proc/self/maps")).contains("libtorch"));
    }
}
