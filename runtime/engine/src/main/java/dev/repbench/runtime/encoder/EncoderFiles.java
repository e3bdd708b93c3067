package dev.repbench.runtime.encoder;

import dev.repbench.runtime.io.FileProblems;
import dev.repbench.runtime.io.Sha256;
import dev.repbench.runtime.io.AtomicFiles;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.repbench.runtime.encoder.onnx.EncoderTensors;
import dev.repbench.runtime.encoder.onnx.ImageInput;
import dev.repbench.runtime.encoder.onnx.InputAdaptation;
import dev.repbench.runtime.encoder.onnx.OnnxModelException;
import dev.repbench.runtime.encoder.onnx.OnnxModelReader;
import dev.repbench.runtime.encoder.onnx.OutputPromotion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes and reads an encoder file: {@value #ONNX_FILE} and its sidecar {@value #DESCRIPTOR_FILE} in one folder.
 *
 * <p>Writing goes through temporary files renamed into place, the ONNX file first and the JSON last, and the
 * JSON records the ONNX file's sha256: a crash leaves either no new files or an ONNX file whose old or missing
 * sidecar no longer matches, which reading reports instead of using mismatched metadata.
 *
 * <p>Reading checks the contract: one float image input {@code [N, 3, H, W]}, the outputs the sidecar names, and
 * the hash. A model without a sidecar (exported elsewhere) is read with derived defaults and a note saying so; one
 * whose input is laid out {@code [N, H, W, 3]} or has a fixed batch is adapted in memory ({@link InputAdapter}).
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
     * in, as {@code dir/encoder.json}, replacing earlier ones; creates {@code dir} if needed. A write that fails (a
     * full disk) removes the folders this call created, when they are still empty.
     *
     * @return the descriptor as written
     */
    public static EncoderDescriptor write(Path dir, ModelProto model, EncoderDescriptor descriptor) {
        Path folder = dir.toAbsolutePath().normalize();
        Path topCreated = AtomicFiles.topmostMissing(folder);
        try {
            Files.createDirectories(folder);
            String sha256 = AtomicFiles.write(folder.resolve(ONNX_FILE), model::writeTo);
            EncoderDescriptor written = descriptor.withOnnxSha256(sha256);
            AtomicFiles.write(folder.resolve(DESCRIPTOR_FILE), out -> JSON.writeValue(out, written));
            return written;
        } catch (IOException e) {
            AtomicFiles.removeCreatedFolders(folder, topCreated);
            throw new EncoderFileException("cannot write the encoder files in " + folder + ": " + FileProblems.reason(e)
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
        ImageInput image;
        try {
            model = OnnxModelReader.parse(bytes, onnx);
            image = ImageInput.of(model, onnx);
        } catch (OnnxModelException e) {
            throw new EncoderFileException(e.getMessage(), e);
        }
        String sha256 = Sha256.of(bytes);
        List<String> notes = new ArrayList<>();
        if (!Files.exists(json)) {
            int height = image.fixedHeight() > 0 ? Math.toIntExact(image.fixedHeight()) : DEFAULT_INPUT_SIZE;
            int width = image.fixedWidth() > 0 ? Math.toIntExact(image.fixedWidth()) : DEFAULT_INPUT_SIZE;
            InputAdaptation.Adapted adapted = adapted(model, image, height, width, onnx, notes);
            EncoderDescriptor derived = new EncoderDescriptor(EncoderDescriptor.FORMAT_VERSION,
                    EncoderDescriptor.UNKNOWN_ARCHITECTURE, EncoderDescriptor.Preprocessing.imagenet(height, width),
                    EncoderDescriptor.outputsOf(adapted.model()), EncoderDescriptor.Provenance.unknown().withOnnxSha256(sha256));
            notes.addFirst("no " + json.getFileName() + " beside " + onnx + ": using derived defaults (ImageNet mean and std on RGB"
                    + " in [0, 1], input " + derived.preprocessing().inputSize() + ", outputs " + derived.outputs().keySet()
                    + ", provenance unknown); write one to record the encoder's preprocessing and origin");
            if (derived.outputs().containsKey(EncoderTensors.EMBEDDING)) {
                return new LoadedEncoder(onnx, null, derived, notes, adapted.changed() ? adapted.model() : null);
            }
            return withEmbeddingPromoted(onnx, adapted.model(), derived, notes);
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
        if (descriptor.provenance().imported() != null) {
            // 'repbench import' wrote it: its input was adapted then, and a batch it kept fixed stays so.
            return new LoadedEncoder(onnx, json, descriptor, notes);
        }
        List<Integer> size = descriptor.preprocessing().inputSize();
        InputAdaptation.Adapted adapted = adapted(model, image, size.get(0), size.get(1), onnx, notes);
        return new LoadedEncoder(onnx, json, descriptor, notes, adapted.changed() ? adapted.model() : null);
    }

    /**
     * {@code model} with RepBench's image input ({@link InputAdapter}), a note saying what changed in memory; a
     * freed batch is checked at {@code height × width}.
     */
    private static InputAdaptation.Adapted adapted(ModelProto model, ImageInput image, int height, int width, Path onnx,
                                                   List<String> notes) {
        if (image.isBatchedNchw()) {
            return InputAdaptation.toBatchedNchw(model, image);
        }
        InputAdaptation.Adapted adapted = InputAdapter.adapt(model, image, height, width,
                Runtime.getRuntime().availableProcessors(), onnx);
        notes.add(onnx + " is adapted in memory: " + String.join("; ", adapted.changes())
                + " ('repbench import' writes the adapted model once)");
        return adapted;
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
            throw new EncoderFileException("cannot read " + json + ": " + FileProblems.json(e)
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

    /**
     * A model from elsewhere without {@code embedding} output: when its pooled features are found (see
     * {@link EncoderTensors#embedding}), they are promoted to {@code embedding} in memory, enough for image-level
     * tasks; the block outputs need {@code repbench import}.
     */
    private static LoadedEncoder withEmbeddingPromoted(Path onnx, ModelProto model, EncoderDescriptor derived,
                                                       List<String> notes) {
        String importHint = "'repbench import --onnx " + onnx + " --out DIR'";
        Optional<String> found = EncoderTensors.embedding(model);
        // A backbone (maps out, no pooling) is pooled as its own pooling would: the global average of its last map.
        Optional<ValueInfoProto> map = found.isPresent() ? Optional.empty() : model.getGraph().getOutputList().stream()
                .filter(o -> o.getType().getTensorType().getShape().getDimCount() == 4).reduce((first, last) -> last);
        if (found.isEmpty() && map.isEmpty()) {
            notes.add(onnx + " has no 'embedding' output (it has " + derived.outputs().keySet() + ") and no pooled"
                    + " features were found: import it with " + importHint + " and --encoder-json naming its tensors");
            return new LoadedEncoder(onnx, null, derived, notes);
        }
        String pooled = found.orElse(EncoderTensors.AVERAGED_EMBEDDING);
        String source = map.map(ValueInfoProto::getName).orElse(pooled);
        String description = map.isEmpty() ? "its pooled features '" + pooled + "' are"
                : "the global average of its output '" + source + "' (it has no pooled features) is";
        Object features = map.isEmpty() ? featureSize(model, pooled) : channels(map.get());
        if (map.isPresent()) {
            model = EncoderTensors.withGlobalAverage(model, source);
        }
        Map<String, OutputPromotion.Promoted> outputs = new LinkedHashMap<>();
        // Flatten is a no-op on [N, D] and turns a pooled [N, D, 1, 1] into [N, D].
        outputs.put(EncoderTensors.EMBEDDING, new OutputPromotion.Promoted(pooled, true, List.of("N", features)));
        derived.outputs().keySet().stream().filter(EncoderTensors.BLOCKS::contains)
                .forEach(b -> outputs.put(b, new OutputPromotion.Promoted(b, false, derived.outputs().get(b).shape())));
        ModelProto completed = OutputPromotion.promote(model, outputs, onnx);
        Map<String, EncoderDescriptor.Output> declared = new LinkedHashMap<>(EncoderDescriptor.outputsOf(completed));
        declared.computeIfPresent(EncoderTensors.EMBEDDING, (name, output) -> output.promotedFrom(source));
        EncoderDescriptor descriptor = new EncoderDescriptor(derived.formatVersion(), derived.architecture(),
                derived.preprocessing(), declared, derived.provenance());
        if (!derived.outputs().keySet().containsAll(EncoderTensors.BLOCKS)) {
            notes.add(onnx + " has no 'embedding' output: " + description + " used as the embedding (image-level"
                    + " tasks only); the block outputs block1..block5 for pixelwise tasks are missing until it is"
                    + " imported with " + importHint);
        }
        return new LoadedEncoder(onnx, null, descriptor, notes, completed);
    }

    /** C of a declared map {@code [N, C, H, W]}, else the symbol {@code D}. */
    private static Object channels(ValueInfoProto map) {
        var dim = map.getType().getTensorType().getShape().getDim(1);
        return dim.hasDimValue() ? (Object) dim.getDimValue() : "D";
    }

    /** D of a pooled tensor read by a Gemm with weights (a classifier), else the symbol {@code D}. */
    private static Object featureSize(ModelProto model, String pooled) {
        Map<String, TensorProto> initializers = model.getGraph().getInitializerList().stream()
                .collect(Collectors.toMap(TensorProto::getName, t -> t, (a, b) -> a));
        for (NodeProto node : model.getGraph().getNodeList()) {
            if (node.getOpType().equals("Gemm") && node.getInputCount() > 1 && node.getInput(0).equals(pooled)
                    && initializers.containsKey(node.getInput(1))) {
                boolean transposed = node.getAttributeList().stream().anyMatch(a -> a.getName().equals("transB") && a.getI() == 1);
                List<Long> dims = initializers.get(node.getInput(1)).getDimsList();
                return dims.size() == 2 ? dims.get(transposed ? 1 : 0) : "D";
            }
        }
        return "D";
    }
}
