package dev.repbench.runtime.version;

import dev.repbench.torch.Torch;

/** libtorch as the shim links it: version, CUDA build and devices, the CPU kernels it dispatches to. */
public final class LibtorchVersion implements ComponentVersion {

    @Override
    public String component() {
        return "libtorch";
    }

    @Override
    public String version() {
        Torch.load();
        String cuda = Torch.cudaBuilt() ? "CUDA build, " + Torch.cudaDeviceCount() + " device(s)" : "CPU build";
        return Torch.version() + " (" + cuda + ", " + cpuCapability() + ", shim " + Torch.libraryPath() + ")";
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
