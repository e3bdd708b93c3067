package dev.repbench.runtime.version;

import dev.repbench.torch.Torch;
import dev.repbench.torch.TorchBuild;

/** libtorch as the shim links it: version, CPU or CUDA build (CUDA, cuDNN, driver, every GPU), the CPU kernels it dispatches to. */
public final class LibtorchVersion implements ComponentVersion {

    @Override
    public String component() {
        return "libtorch";
    }

    @Override
    public String version() {
        TorchBuild build = Torch.build();
        // describe() names libtorch's version, then the CPU build or the CUDA and cuDNN versions and every GPU seen
        return build.describe().substring("libtorch ".length()) + " (" + cpuCapability() + ", shim " + Torch.libraryPath() + ")";
    }

    private static String cpuCapability() {
        for (String line : Torch.buildConfig().split("\n")) {
            String l = line.strip();
            if (l.startsWith("- CPU capability usage:")) {
                return "kernels " + l.substring("- CPU capability usage:".length()).strip();
            }
        }
        return "kernels unknown";
    }
}
