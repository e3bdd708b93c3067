package dev.repbench.runtime.features;

import dev.repbench.runtime.encoder.EncoderExport;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.torch.Torch;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small encoders for tests, made once per folder through the export service, as {@code repbench export} makes them. */
public final class TestEncoders {
    private TestEncoders() {
    }

    /** A seeded random-init resnet18-small (32 × 32 input, embedding 512, block1…block5) in {@code dir}. */
    public static LoadedEncoder resnet18Small(Path dir, long seed) {
        if (!Files.exists(dir.resolve(EncoderFiles.ONNX_FILE))) {
            Torch.setNumThreads(2);
            EncoderExport.export(EncoderExport.Request.randomInit("resnet18-small", seed, dir));
        }
        return EncoderFiles.read(dir);
    }
}
