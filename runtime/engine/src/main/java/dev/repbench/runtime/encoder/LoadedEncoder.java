package dev.repbench.runtime.encoder;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An encoder file as {@link EncoderFiles#read} found it.
 *
 * @param onnxFile       the ONNX model
 * @param descriptorFile its {@code encoder.json}, or null when there was none
 * @param descriptor     the descriptor read, or derived from the model when there was none
 * @param notes          what the reader assumed or could not check, for the user (empty when nothing)
 * @param completedModel for a model from elsewhere completed in memory (its pooled features promoted to
 *                       {@code embedding}, its image input adapted), that model; null when {@code onnxFile} is used
 *                       as it is
 */
public record LoadedEncoder(Path onnxFile, Path descriptorFile, EncoderDescriptor descriptor, List<String> notes,
                            ModelProto completedModel) {
    public LoadedEncoder {
        notes = List.copyOf(notes);
    }

    /** An encoder whose ONNX file is used as it is. */
    public LoadedEncoder(Path onnxFile, Path descriptorFile, EncoderDescriptor descriptor, List<String> notes) {
        this(onnxFile, descriptorFile, descriptor, notes, null);
    }

    /** Whether the descriptor was derived from the model rather than read from a sidecar. */
    public boolean derived() {
        return descriptorFile == null;
    }

    /**
     * The model to give ONNX Runtime: the completed model when the reader changed it in memory, else the
     * file's bytes. Sessions are created from these bytes, never from {@code onnxFile} directly.
     */
    public byte[] modelBytes() throws IOException {
        return completedModel != null ? completedModel.toByteArray() : Files.readAllBytes(onnxFile);
    }
}
