package dev.repbench.runtime.encoder;

import java.nio.file.Path;
import java.util.List;

/**
 * An encoder file as {@link EncoderFiles#read} found it.
 *
 * @param onnxFile       the ONNX model
 * @param descriptorFile its {@code encoder.json}, or null when there was none
 * @param descriptor     the descriptor read, or derived from the model when there was none
 * @param notes          what the reader assumed or could not check, for the user (empty when nothing)
 */
public record LoadedEncoder(Path onnxFile, Path descriptorFile, EncoderDescriptor descriptor, List<String> notes) {
    public LoadedEncoder {
        notes = List.copyOf(notes);
    }

    /** Whether the descriptor was derived from the model rather than read from a sidecar. */
    public boolean derived() {
        return descriptorFile == null;
    }
}
