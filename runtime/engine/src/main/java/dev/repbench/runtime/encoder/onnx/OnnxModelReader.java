package dev.repbench.runtime.encoder.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
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
    /** The fix for weights kept in external data files, which RepBench does not read. */
    static final String INLINE_EXTERNAL_DATA = "import onnx; m = onnx.load('%s'); onnx.save(m, '%s', save_as_external_data=False)";

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
        refuseExternalData(model.getGraph(), file);
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

    /** Weights in external files would need their folder and a loader for them: refuse, saying how to inline. */
    private static void refuseExternalData(GraphProto graph, Path file) {
        Optional<TensorProto> external = externalTensor(graph);
        if (external.isPresent()) {
            String location = external.get().getExternalDataList().stream().filter(e -> e.getKey().equals("location"))
                    .map(StringStringEntryProto::getValue).findFirst().orElse("?");
            String name = file.getFileName().toString();
            String inlined = name.replaceFirst("(\\.onnx)?$", "-inlined.onnx");
            throw new OnnxModelException(file + " keeps its weights in external data (tensor '" + external.get().getName()
                    + "' in '" + location + "'), which RepBench does not support: inline them with python -c \""
                    + INLINE_EXTERNAL_DATA.formatted(name, inlined) + "\" and give " + inlined + missingDataFile(file, location));
        }
    }

    /** Inlining needs the data file beside the model; a copy of the .onnx alone is the usual way to lose it. */
    private static String missingDataFile(Path file, String location) {
        Path folder = file.toAbsolutePath().getParent();
        if (location.equals("?") || folder == null || Files.isRegularFile(folder.resolve(location))) {
            return "";
        }
        return "; " + location + " is not beside it either: first copy it from where the model came from into " + folder;
    }

    private static Optional<TensorProto> externalTensor(GraphProto graph) {
        for (TensorProto t : graph.getInitializerList()) {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                return Optional.of(t);
            }
        }
        for (NodeProto node : graph.getNodeList()) {
            for (AttributeProto a : node.getAttributeList()) {
                if (a.hasT() && a.getT().getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                    return Optional.of(a.getT());
                }
                if (a.hasG()) {
                    Optional<TensorProto> inner = externalTensor(a.getG());
                    if (inner.isPresent()) {
                        return inner;
                    }
                }
            }
        }
        return Optional.empty();
    }
}
