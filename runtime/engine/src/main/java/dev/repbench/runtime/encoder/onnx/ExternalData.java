package dev.repbench.runtime.encoder.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Weights kept outside the model file ({@code TensorProto.data_location = EXTERNAL}), as exporters write models past
 * protobuf's 2 GB (a ViT-g) or when asked: each tensor names a file, relative to the model's folder, and its bytes
 * there. RepBench reads the graph from the model file and leaves the weights where they are: ONNX Runtime reads them
 * from the model's folder (a session made from the model's bytes is told that folder), {@code import} puts the
 * files beside the {@code encoder.onnx} it writes, and their sha-256 joins the model's in the feature cache's keys.
 */
public final class ExternalData {
    /** ONNX Runtime's session option naming the folder of a model's external data, for a model given as bytes. */
    public static final String FOLDER_OPTION = "session.model_external_initializers_file_folder_path";

    private ExternalData() {}

    /** The files the model's tensors keep their data in, each once, in name order; empty for a self-contained model. */
    public static List<String> files(ModelProto model) {
        List<TensorProto> tensors = new ArrayList<>();
        collectTensors(model.getGraph(), tensors);
        TreeSet<String> files = new TreeSet<>();
        tensors.forEach(t -> location(t).ifPresent(files::add));
        return List.copyOf(files);
    }

    /**
     * Checks that every file the model's tensors name is a plain relative path beside {@code modelFile} (never
     * outside its folder, which ONNX Runtime refuses too), there, and long enough for the bytes each tensor reads
     * from it (a truncated copy is the usual way to damage one).
     *
     * @throws OnnxModelException naming the tensor, the file and the fix
     */
    public static void check(ModelProto model, Path modelFile) {
        Path folder = modelFile.toAbsolutePath().getParent();
        checkLocations(model, modelFile, folder);
        List<TensorProto> tensors = new ArrayList<>();
        collectTensors(model.getGraph(), tensors);
        for (TensorProto tensor : tensors) {
            Optional<String> location = location(tensor);
            if (location.isEmpty()) {
                continue;
            }
            long end = entry(tensor, "offset") + entry(tensor, "length");
            long size;
            try {
                size = Files.size(folder.resolve(location.get()));
            } catch (IOException e) {
                throw new OnnxModelException("cannot read " + folder.resolve(location.get()) + ": " + e.getMessage(), e);
            }
            if (end > size) {
                throw new OnnxModelException(folder.resolve(location.get()) + " holds " + size + " bytes, but tensor '"
                        + tensor.getName() + "' of " + modelFile + " reads up to byte " + end + ": the file is cut short"
                        + " or another model's; copy it again from where the model came from");
            }
        }
    }

    private static void checkLocations(ModelProto model, Path modelFile, Path folder) {
        for (String location : files(model)) {
            Path file = Path.of(location);
            if (location.isEmpty() || file.isAbsolute() || !folder.resolve(file).normalize().startsWith(folder)) {
                throw new OnnxModelException(modelFile + " keeps weights in external data at '" + location + "', outside"
                        + " its folder: external data files must lie beside the model; move the file there and save"
                        + " the model with that relative location");
            }
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw new OnnxModelException(modelFile + " keeps its weights in external data (tensor '"
                        + firstTensorIn(model.getGraph(), location).orElse("?") + "' in '" + location + "'), and "
                        + location + " is not beside it: copy it from where the model came from into " + folder);
            }
        }
    }

    /**
     * Puts the model's external data files, from {@code from}, beside a model written to {@code to}: a hard link
     * where both lie on one file system (a multi-gigabyte copy is then free), else a copy, each through a
     * temporary name renamed into place.
     */
    public static void placeBeside(ModelProto model, Path from, Path to) throws IOException {
        for (String location : files(model)) {
            Path source = from.resolve(location);
            Path target = to.resolve(location);
            if (Files.exists(target) && Files.isSameFile(source, target)) {
                continue;
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            try {
                Files.createLink(temporary, source);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * The sha-256 of the model's external data files in {@code folder}, each file's name then its bytes in name
     * order; empty for a self-contained model.
     */
    public static Optional<String> sha256(ModelProto model, Path folder) throws IOException {
        List<String> files = files(model);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        byte[] buffer = new byte[1 << 20];
        for (String location : files) {
            digest.update(location.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (InputStream in = Files.newInputStream(folder.resolve(location))) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
        }
        return Optional.of(HexFormat.of().formatHex(digest.digest()));
    }

    /** Every tensor of the graph and its subgraphs. */
    private static void collectTensors(GraphProto graph, List<TensorProto> into) {
        into.addAll(tensors(graph));
        for (NodeProto node : graph.getNodeList()) {
            for (AttributeProto a : node.getAttributeList()) {
                if (a.hasG()) {
                    collectTensors(a.getG(), into);
                }
            }
        }
    }

    /** An external-data entry as a number ({@code offset}, {@code length}); 0 where absent or not a number. */
    private static long entry(TensorProto tensor, String key) {
        return tensor.getExternalDataList().stream().filter(e -> e.getKey().equals(key)).findFirst().map(e -> {
            try {
                return Long.parseLong(e.getValue());
            } catch (NumberFormatException notANumber) {
                return 0L;
            }
        }).orElse(0L);
    }

    private static Optional<String> firstTensorIn(GraphProto graph, String location) {
        return tensors(graph).stream().filter(t -> location(t).filter(location::equals).isPresent())
                .map(TensorProto::getName).findFirst();
    }

    /** The initializers and the constant tensors of the graph's own nodes. */
    private static List<TensorProto> tensors(GraphProto graph) {
        List<TensorProto> tensors = new ArrayList<>(graph.getInitializerList());
        for (NodeProto node : graph.getNodeList()) {
            for (AttributeProto a : node.getAttributeList()) {
                if (a.hasT()) {
                    tensors.add(a.getT());
                }
            }
        }
        return tensors;
    }

    private static Optional<String> location(TensorProto tensor) {
        if (tensor.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
            return Optional.empty();
        }
        return tensor.getExternalDataList().stream().filter(e -> e.getKey().equals("location"))
                .map(StringStringEntryProto::getValue).findFirst().or(() -> Optional.of(""));
    }
}
