package dev.repbench.runtime.encoder.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads an ONNX model from a file, refusing what RepBench cannot use with a message that says what the file looks
 * like instead (a text file, an image, a PyTorch checkpoint, a truncated model) and what to do about it.
 *
 * <p>Protobuf parses many byte strings without complaint, so the file's leading bytes are checked first for the
 * formats people mistake for ONNX, and a parsed model must have a graph with nodes.
 */
public final class OnnxModelReader {
    private OnnxModelReader() {}

    /** Reads and parses {@code file}. */
    public static ModelProto read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OnnxModelException("cannot read " + file + ": " + e.getMessage() + " (check the path and its permissions)", e);
        }
        return parse(bytes, file);
    }

    /** Parses the bytes of {@code file}. */
    public static ModelProto parse(byte[] bytes, Path file) {
        Optional<String> lookalike = lookalike(bytes);
        if (lookalike.isPresent()) {
            throw new OnnxModelException(file + " is not an ONNX model: it looks like " + lookalike.get());
        }
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            if (String.valueOf(e.getMessage()).contains("ended unexpectedly")) {
                throw new OnnxModelException(file + " is a truncated ONNX model (it ends in the middle of a field after "
                        + bytes.length + " bytes): copy or download it again, or re-export it", e);
            }
            throw new OnnxModelException(file + " is not an ONNX model (protobuf says: " + e.getMessage()
                    + "): export the encoder with torch.onnx.export or another ONNX exporter", e);
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new OnnxModelException(file + " is not an ONNX model (" + bytes.length + " bytes that hold no graph"
                    + " with nodes): export the encoder with torch.onnx.export or another ONNX exporter");
        }
        ExternalData.check(model, file);
        return model;
    }

    /** What a non-ONNX file looks like, from its first bytes; empty when it could be a protobuf message. */
    static Optional<String> lookalike(byte[] bytes) {
        if (bytes.length == 0) {
            return Optional.of("an empty file: export the encoder again");
        }
        if (startsWith(bytes, 0x89, 'P', 'N', 'G')) {
            return Optional.of("a PNG image: give the encoder's .onnx file");
        }
        if (startsWith(bytes, 0xFF, 0xD8, 0xFF)) {
            return Optional.of("a JPEG image: give the encoder's .onnx file");
        }
        if (startsWith(bytes, 'P', 'K', 3, 4)) {
            String head = new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1);
            if (head.contains("data.pkl") || head.contains("archive/")) {
                return Optional.of("a PyTorch checkpoint (a torch.save zip archive): export the model to ONNX with"
                        + " torch.onnx.export, or for a torchvision ResNet state dict use 'repbench export --checkpoint'");
            }
            return Optional.of("a zip archive: unpack it and give the .onnx file inside");
        }
        if (startsWith(bytes, 0x80) && bytes.length > 1 && bytes[1] >= 2 && bytes[1] <= 5) {
            return Optional.of("a Python pickle (a legacy torch.save checkpoint?): export the model to ONNX with"
                    + " torch.onnx.export");
        }
        if (startsWith(bytes, 0x89, 'H', 'D', 'F')) {
            return Optional.of("an HDF5 file (a Keras model?): convert it to ONNX first, e.g. with tf2onnx");
        }
        if (looksLikeText(bytes)) {
            String first = new String(bytes, 0, Math.min(bytes.length, 40), StandardCharsets.UTF_8).strip()
                    .replaceAll("\\s+", " ");
            return Optional.of("a text file (starting \"" + first + "\"): give the binary .onnx file the exporter wrote");
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Printable UTF-8 over the first kilobyte; an ONNX model starts with field tags and small varints. */
    private static boolean looksLikeText(byte[] bytes) {
        int n = Math.min(bytes.length, 1024);
        for (int i = 0; i < n; i++) {
            int b = bytes[i] & 0xFF;
            boolean control = b < 0x20 && b != '\n' && b != '\r' && b != '\t';
            if (control || b == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
