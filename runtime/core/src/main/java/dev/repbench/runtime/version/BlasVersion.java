package dev.repbench.runtime.version;

import dev.repbench.torch.Torch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The BLAS libtorch actually runs on, read from this process's memory map after loading it, and the kernels it runs
 * ({@link Torch#blasKernels()}: they decide a float32 product's last bits). Debian's libtorch links libblas.so.3,
 * which is the reference BLAS (~60x slower) unless OpenBLAS took it over.
 */
public final class BlasVersion implements ComponentVersion {

    @Override
    public String component() {
        return "BLAS";
    }

    @Override
    public String version() throws IOException {
        Torch.load();
        Set<String> libraries = new LinkedHashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String path = line.substring(slash);
            String name = Path.of(path).getFileName().toString();
            if (name.startsWith("libblas") || name.startsWith("libopenblas") || name.startsWith("libmkl") || name.startsWith("libblis")) {
                libraries.add(path);
            }
        }
        if (libraries.isEmpty()) {
            return "none mapped";
        }
        boolean reference = libraries.stream().noneMatch(p -> p.contains("openblas") || p.contains("mkl") || p.contains("blis"));
        return String.join(", ", libraries) + "; " + Torch.blasKernels()
                + (reference ? " — the reference BLAS: install libopenblas0-pthread" : "");
    }
}
