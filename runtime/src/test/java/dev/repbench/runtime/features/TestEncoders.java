package dev.repbench.runtime.features;

import dev.repbench.runtime.cli.Main;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small encoders for tests, made once per folder through {@code repbench export} as a user makes them. */
public final class TestEncoders {
    private TestEncoders() {
    }

    /** A seeded random-init resnet18-small (32 × 32 input, embedding 512, block1…block5) in {@code dir}. */
    public static LoadedEncoder resnet18Small(Path dir, long seed) {
        if (!Files.exists(dir.resolve(EncoderFiles.ONNX_FILE))) {
            StringWriter err = new StringWriter();
            var cmd = Main.commandLine();
            cmd.setOut(new PrintWriter(new StringWriter(), true));
            cmd.setErr(new PrintWriter(err, true));
            int code = cmd.execute("--threads", "2", "export", "--arch", "resnet18-small", "--random-init", "--seed",
                    Long.toString(seed), "--out", dir.toString());
            if (code != 0) {
                throw new IllegalStateException("export failed: " + err);
            }
        }
        return EncoderFiles.read(dir);
    }
}
