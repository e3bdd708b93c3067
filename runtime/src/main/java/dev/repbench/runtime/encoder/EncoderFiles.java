package dev.repbench.runtime.encoder;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes and reads an encoder file: {@value #ONNX_FILE} and its sidecar {@value #DESCRIPTOR_FILE} in one folder.
 *
 * <p>Writing goes through temporary files renamed into place, the ONNX file first and the JSON last, and the
 * JSON records the ONNX file's sha256: a crash leaves either no new files or an ONNX file whose old or missing
 * sidecar no longer matches, which reading reports instead of using mismatched metadata.
 *
 * <p>Reading checks the contract: one float image input {@code [N, 3, H, W]}, the outputs the sidecar names, and
 * the hash. A model without a sidecar (exported elsewhere) is read with derived defaults and a note saying so.
 */
public final class EncoderFiles {
    /** The model's file name in an encoder folder. */
    public static final String ONNX_FILE = "encoder.onnx";
    /** The sidecar's file name in an encoder folder. */
    public static final String DESCRIPTOR_FILE = "encoder.json";
    /** The input size assumed for a model that records none: ImageNet's usual crop. */
    public static final int DEFAULT_INPUT_SIZE = 224;

    // The writer's try-with-resources closes the stream, after the digest has seen every byte.
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private EncoderFiles() {}

    /**
     * Writes {@code model} as {@code dir/encoder.onnx} and {@code descriptor}, with the ONNX file's sha256 filled
     * in, as {@code dir/encoder.json}, replacing earlier ones; creates {@code dir} if needed.
     *
     * @return the descriptor as written
     */
    public static EncoderDescriptor write(Path dir, ModelProto model, EncoderDescriptor descriptor) {
        Path folder = dir.toAbsolutePath();
        try {
            Files.createDirectories(folder);
            String sha256 = writeAtomically(folder.resolve(ONNX_FILE), model::writeTo);
            EncoderDescriptor written = descriptor.withOnnxSha256(sha256);
            writeAtomically(folder.resolve(DESCRIPTOR_FILE), out -> JSON.writeValue(out, written));
            return written;
        } catch (IOException e) {
            throw new EncoderFileException("cannot write the encoder files in " + folder + ": " + e.getMessage()
                    + " (check that the folder is writable and the disk has space)", e);
        }
    }

    /**
     * Reads the encoder at {@code path}: a folder holding {@value #ONNX_FILE}, or an {@code .onnx} file whose
     * sidecar is the same name with {@code .json} ({@code encoder.onnx} → {@code encoder.json}).
     *
     * @throws EncoderFileException if the model is missing or breaks the contract, the sidecar is unreadable,
     *                              of another format version, names outputs the model lacks, or records another
     *                              ONNX file's sha256
     */
    public static LoadedEncoder read(Path path) {
        Path onnx = onnxFileAt(path.toAbsolutePath());
        Path json = sidecarOf(onnx);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
        } catch (IOException e) {
            throw new EncoderFileException("cannot read " + onnx + ": " + e.getMessage() + " (check its permissions)", e);
        }
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new EncoderFileException(onnx + " is not an ONNX model (" + e.getMessage() + "): re-export or re-download it", e);
        }
        checkImageInput(onnx, model);
        String sha256 = HexFormat.of().formatHex(sha256().digest(bytes));
        List<String> notes = new ArrayList<>();
        if (!Files.exists(json)) {
            EncoderDescriptor derived = derivedDescriptor(model, sha256);
            notes.add("no " + json.getFileName() + " beside " + onnx + ": using derived defaults (ImageNet mean and std on RGB"
                    + " in [0, 1], input " + derived.preprocessing().inputSize() + ", outputs " + derived.outputs().keySet()
                    + ", provenance unknown); write one to record the encoder's preprocessing and origin");
            if (!derived.outputs().containsKey("embedding")) {
                notes.add(onnx + " has no 'embedding' output (it has " + derived.outputs().keySet() + ")");
            }
            return new LoadedEncoder(onnx, null, derived, notes);
        }
        EncoderDescriptor descriptor = readDescriptor(json);
        String recorded = descriptor.provenance().onnxSha256();
        if (recorded == null) {
            notes.add(json + " records no sha256 of " + onnx.getFileName() + ": not checked that it describes this model");
        } else if (!recorded.equalsIgnoreCase(sha256)) {
            throw new EncoderFileException(onnx + " (sha256 " + sha256 + ") is not the model " + json + " describes (it records"
                    + " sha256 " + recorded + "): the ONNX file was replaced or changed after export. Re-export both with"
                    + " 'repbench export', or, if this ONNX file is the one to use, delete " + json.getFileName()
                    + " (defaults are then derived from the model) or correct its provenance.onnxSha256");
        }
        Set<String> graphOutputs = model.getGraph().getOutputList().stream().map(ValueInfoProto::getName)
                .collect(Collectors.toSet());
        List<String> absent = descriptor.outputs().keySet().stream().filter(o -> !graphOutputs.contains(o)).toList();
        if (!absent.isEmpty()) {
            throw new EncoderFileException(json + " lists outputs " + absent + " that " + onnx + " does not have (it has "
                    + graphOutputs + "): re-export the encoder, or correct the outputs in " + json.getFileName());
        }
        return new LoadedEncoder(onnx, json, descriptor, notes);
    }

    private static Path onnxFileAt(Path path) {
        if (Files.isDirectory(path)) {
            Path onnx = path.resolve(ONNX_FILE);
            if (!Files.isRegularFile(onnx)) {
                throw new EncoderFileException("no " + ONNX_FILE + " in " + path
                        + ": export an encoder there with 'repbench export', or give the path of an .onnx file");
            }
            return onnx;
        }
        String name = path.getFileName().toString();
        if (!name.endsWith(".onnx")) {
            throw new EncoderFileException(path + " is neither a folder nor an .onnx file: give an encoder folder (holding "
                    + ONNX_FILE + ") or an .onnx file");
        }
        if (!Files.isRegularFile(path)) {
            throw new EncoderFileException(path + " does not exist: check the path");
        }
        return path;
    }

    /** {@code encoder.onnx} → {@code encoder.json}, {@code my.onnx} → {@code my.json}. */
    static Path sidecarOf(Path onnx) {
        String name = onnx.getFileName().toString();
        return onnx.resolveSibling(name.substring(0, name.length() - ".onnx".length()) + ".json");
    }

    private static EncoderDescriptor readDescriptor(Path json) {
        EncoderDescriptor descriptor;
        try {
            descriptor = JSON.readValue(json.toFile(), EncoderDescriptor.class);
        } catch (JacksonException e) {
            throw new EncoderFileException("cannot read " + json + ": " + e.getOriginalMessage()
                    + " (fix the file, or delete it to use defaults derived from the model)", e);
        } catch (IOException e) {
            throw new EncoderFileException("cannot read " + json + ": " + e.getMessage() + " (check its permissions)", e);
        }
        if (descriptor.formatVersion() != EncoderDescriptor.FORMAT_VERSION) {
            throw new EncoderFileException(json + " has format version " + descriptor.formatVersion() + "; this RepBench reads"
                    + " version " + EncoderDescriptor.FORMAT_VERSION + " (use the RepBench that wrote it, or re-export)");
        }
        return descriptor;
    }

    /** The encoder-file contract's input: one float32 {@code [N, 3, H, W]} that is not an initializer. */
    private static void checkImageInput(Path onnx, ModelProto model) {
        Set<String> initializers = model.getGraph().getInitializerList().stream().map(TensorProto::getName)
                .collect(Collectors.toSet());
        List<ValueInfoProto> inputs = model.getGraph().getInputList().stream()
                .filter(i -> !initializers.contains(i.getName())).toList();
        String problem = null;
        if (inputs.size() != 1) {
            problem = "has " + inputs.size() + " inputs";
        } else {
            var type = inputs.getFirst().getType().getTensorType();
            List<TensorShapeProto.Dimension> dims = type.getShape().getDimList();
            if (type.getElemType() != TensorProto.DataType.FLOAT.getNumber()) {
                problem = "has an input of element type " + TensorProto.DataType.forNumber(type.getElemType());
            } else if (dims.size() != 4 || (dims.get(1).hasDimValue() && dims.get(1).getDimValue() != 3)) {
                problem = "has an input of shape " + EncoderDescriptor.Output.of(inputs.getFirst()).shape();
            }
        }
        if (problem != null) {
            throw new EncoderFileException(onnx + " " + problem + "; an encoder has one float32 image input [N, 3, H, W]:"
                    + " re-export it with that input");
        }
    }

    /** What a model without sidecar is assumed to be: ImageNet preprocessing at its fixed input size or 224². */
    private static EncoderDescriptor derivedDescriptor(ModelProto model, String sha256) {
        List<TensorShapeProto.Dimension> dims = model.getGraph().getInput(0).getType().getTensorType().getShape().getDimList();
        int height = dims.get(2).hasDimValue() ? Math.toIntExact(dims.get(2).getDimValue()) : DEFAULT_INPUT_SIZE;
        int width = dims.get(3).hasDimValue() ? Math.toIntExact(dims.get(3).getDimValue()) : DEFAULT_INPUT_SIZE;
        return new EncoderDescriptor(EncoderDescriptor.FORMAT_VERSION, EncoderDescriptor.UNKNOWN_ARCHITECTURE,
                EncoderDescriptor.Preprocessing.imagenet(height, width), EncoderDescriptor.outputsOf(model),
                EncoderDescriptor.Provenance.unknown().withOnnxSha256(sha256));
    }

    /** Writes what {@code content} produces to a temporary file beside {@code target}, forces it, renames it. */
    private static String writeAtomically(Path target, Content content) throws IOException {
        // Not Files.createTempFile: its files are owner-only, and an encoder file is meant to be shared.
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            MessageDigest digest = sha256();
            try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)), digest)) {
                content.writeTo(out);
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + target.getParent() + " cannot rename atomically", e);
            }
            temporary = null;
            return HexFormat.of().formatHex(digest.digest());
        } finally {
            if (temporary != null) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    /** Something that writes a file's bytes. */
    @FunctionalInterface
    private interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The sha256 of a file in lower-case hex, as provenance records hashes (e.g. of a checkpoint). */
    public static String sha256Of(Path file) throws IOException {
        return HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(file)));
    }
}
