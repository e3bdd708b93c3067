package dev.repbench.runtime.cli.options;

import dev.repbench.runtime.cli.CliFailure;
import dev.repbench.runtime.encoder.EncoderFileException;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --encoder DIR|FILE.onnx}: the one encoder a command runs, read and checked the same way everywhere. */
public final class EncoderOption {
    @Option(names = "--encoder", required = true, paramLabel = "DIR|FILE.onnx",
            description = "An encoder folder (encoder.onnx + encoder.json) or an .onnx file.")
    private Path encoder;

    /** @return the path given */
    public Path path() {
        return encoder;
    }

    /**
     * Reads the encoder and prints its notes (e.g. an output promoted in memory) as {@code note:} lines.
     *
     * @param err where the notes go
     * @throws CliFailure with the reader's message (file and fix) when the encoder cannot be used
     */
    public LoadedEncoder read(PrintWriter err) {
        return read(encoder, err);
    }

    /** As {@link #read(PrintWriter)}, for an encoder path given otherwise (e.g. one of several). */
    public static LoadedEncoder read(Path path, PrintWriter err) {
        LoadedEncoder loaded;
        try {
            loaded = EncoderFiles.read(path);
        } catch (EncoderFileException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        loaded.notes().forEach(note -> err.println("note: " + note));
        return loaded;
    }
}
