package dev.repbench.runtime.bench;

import dev.repbench.runtime.encoder.EncoderExport;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import java.nio.file.Path;

/** The encoders benchmarks run: seeded random-init networks through the export service, as {@code repbench export} writes them. */
public final class BenchEncoders {
    private BenchEncoders() {
    }

    /** A seed-0 random-init {@code arch} exported to {@code dir}, preprocessing at {@code size}². */
    public static LoadedEncoder randomInit(String arch, int size, Path dir) {
        EncoderExport.export(new EncoderExport.Request(arch, new EncoderExport.Weights.RandomInit(0), 0, size, size, null,
                null, null, null, dir));
        return EncoderFiles.read(dir);
    }
}
