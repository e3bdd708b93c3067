package dev.repbench.runtime.encoder;

import dev.repbench.runtime.io.Sha256;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.runtime.encoder.EncoderDescriptor.Imported;
import dev.repbench.runtime.encoder.EncoderDescriptor.Output;
import dev.repbench.runtime.encoder.EncoderDescriptor.Preprocessing;
import dev.repbench.runtime.encoder.EncoderDescriptor.Provenance;
import dev.repbench.runtime.encoder.onnx.EncoderTensors;
import dev.repbench.runtime.encoder.onnx.ExternalData;
import dev.repbench.runtime.encoder.onnx.GraphIndex;
import dev.repbench.runtime.encoder.onnx.ImageInput;
import dev.repbench.runtime.encoder.onnx.InputAdaptation;
import dev.repbench.runtime.encoder.onnx.OnnxModelException;
import dev.repbench.runtime.encoder.onnx.OnnxModelReader;
import dev.repbench.runtime.encoder.onnx.OutputPromotion;
import dev.repbench.runtime.encoder.onnx.OutputPromotion.Promoted;
import dev.repbench.runtime.encoder.onnx.MainPath;
import dev.repbench.runtime.encoder.pyramid.FeaturePyramid;
import dev.repbench.runtime.encoder.pyramid.ShapeProbe;
import dev.repbench.runtime.encoder.pyramid.StridePyramid;
import dev.repbench.runtime.encoder.pyramid.VitTokens;
import java.util.Optional;
import dev.repbench.runtime.version.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns an ONNX model from elsewhere into an encoder file: finds the tensors for {@code block1}…{@code blockN} and
 * {@code embedding} (named in an {@code encoder.json}, as maps or as a transformer's token tensors made into maps by
 * {@link VitTokens#named}, else found by a rule of package
 * {@link dev.repbench.runtime.encoder.pyramid}: a Vision Transformer's tokens, else any CNN's feature maps by
 * stride), promotes them to graph outputs, runs the result once on ONNX Runtime at the declared input size to check
 * it and learn the output shapes, and writes {@code encoder.onnx} + {@code encoder.json} with
 * {@link EncoderFiles#write}. A model no rule can read is imported with its embedding alone, for image-level tasks.
 */
public final class EncoderImporter {
    private EncoderImporter() {}

    /**
     * What to import.
     *
     * @param onnx        the model
     * @param encoderJson an {@code encoder.json} with tensor names, preprocessing and provenance (see
     *                    {@link ImportSpec}), or null
     * @param out         the folder to write the encoder file to
     * @param inputSize   {@code [H, W]} overriding the JSON's, or null
     * @param mean        overriding the JSON's, or null
     * @param std         overriding the JSON's, or null
     * @param channelOrder {@code RGB} or {@code BGR} overriding the JSON's, or null
     * @param valueRange  {@code [low, high]} overriding the JSON's, or null
     * @param threads     ONNX Runtime's intra-op threads for the check run
     */
    public record Request(Path onnx, Path encoderJson, Path out, List<Integer> inputSize, List<Double> mean,
                          List<Double> std, String channelOrder, List<Double> valueRange, int threads) {
        public Request {
            Objects.requireNonNull(onnx, "onnx");
            Objects.requireNonNull(out, "out");
        }

        /** The JSON's (or the defaults') channel order and value range. */
        public Request(Path onnx, Path encoderJson, Path out, List<Integer> inputSize, List<Double> mean,
                       List<Double> std, int threads) {
            this(onnx, encoderJson, out, inputSize, mean, std, null, null, threads);
        }
    }

    /**
     * What was imported.
     *
     * @param descriptor the encoder.json written
     * @param tensors    each output's source tensor in the model
     * @param rule       the rule that found the blocks ({@link Imported#rule}; {@value VitTokens#RULE} also when
     *                   encoder.json names token tensors), {@link Imported#NO_RULE}, or null when encoder.json named
     *                   every block as a feature map
     * @param summary    one line on what the rule found, or why none applied; null when no rule ran
     */
    public record Result(EncoderDescriptor descriptor, Map<String, String> tensors, String rule, String summary) {
        /** What import changed at the model's input ({@link Imported#input}); empty when nothing. */
        public List<String> inputChanges() {
            List<String> changes = descriptor.provenance().imported().input();
            return changes == null ? List.of() : changes;
        }
    }

    /**
     * Imports as {@code request} says.
     *
     * @throws EncoderFileException naming the file and the fix, when the model cannot be read, has no usable image
     *                              input, has no tensor found or named for an output, or does not run
     */
    public static Result run(Request request) {
        Path onnx = request.onnx().toAbsolutePath();
        try {
            return importModel(request, onnx);
        } catch (OnnxModelException e) {
            throw new EncoderFileException(e.getMessage(), e);
        }
    }

    /** What the rules (or the JSON alone) give: the model to complete and its tensors. */
    private record Found(ModelProto model, FeaturePyramid pyramid, String rule, String summary) {}

    private static Result importModel(Request request, Path onnx) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
        } catch (IOException e) {
            throw new EncoderFileException("cannot read " + onnx + ": " + e.getMessage() + " (check the path and its permissions)", e);
        }
        ModelProto exported = OnnxModelReader.parse(bytes, onnx);
        ImageInput declared = ImageInput.of(exported, onnx);
        Path json = request.encoderJson() == null ? null : request.encoderJson().toAbsolutePath();
        ImportSpec spec = json == null ? ImportSpec.empty() : ImportSpec.read(json);
        checkNamedTensorsExist(exported, onnx, json, spec);

        Preprocessing preprocessing = preprocessing(request, spec, declared);
        long height = preprocessing.inputSize().get(0);
        long width = preprocessing.inputSize().get(1);
        InputAdaptation.Adapted adapted = InputAdapter.adapt(exported, declared, height, width, request.threads(), onnx);
        ModelProto model = adapted.model();
        ImageInput image = adapted.input();
        long batch = Math.max(1, image.fixedBatch()); // a batch the graph depends on stays fixed
        long[] probeShape = {batch, 3, height, width};
        ShapeProbe probe = (m, names, h, w) -> OutputProbe.tensorShapes(m, image.name(), names, new long[] {batch, 3, h, w},
                request.threads(), onnx);

        Found found = find(model, image, spec, probe, height, width, onnx, json);
        Map<String, String> tensors = new LinkedHashMap<>(); // output → the model's own tensor
        Map<String, String> inGraph = new LinkedHashMap<>(); // output → the tensor promoted, in found.model()
        Map<String, Integer> strides = new LinkedHashMap<>();
        if (found.pyramid() != null) {
            List<FeaturePyramid.Level> levels = found.pyramid().levels();
            for (int k = 0; k < levels.size(); k++) {
                String block = EncoderTensors.BLOCKS.get(k);
                tensors.put(block, levels.get(k).source());
                inGraph.put(block, levels.get(k).tensor());
                strides.put(block, levels.get(k).stride());
            }
        }
        for (String block : EncoderTensors.BLOCKS) {
            String named = spec.tensors().get(block);
            if (named != null) {
                tensors.put(block, named);
                inGraph.put(block, named);
                strides.remove(block);
            }
        }
        String embeddingKind = Imported.POOLED;
        String embedding = spec.tensors().get(EncoderTensors.EMBEDDING);
        FeaturePyramid.Embedding chosen = found.pyramid() == null ? null : found.pyramid().embedding();
        if (embedding != null) {
            inGraph.put(EncoderTensors.EMBEDDING, embedding);
        } else if (chosen != null) {
            embedding = chosen.source();
            embeddingKind = chosen.kind();
            inGraph.put(EncoderTensors.EMBEDDING, chosen.tensor());
        } else {
            embedding = EncoderTensors.embedding(model).orElseThrow(() -> new EncoderFileException("could not find the pooled"
                    + " embedding in " + onnx + " (no GlobalAveragePool or spatial ReduceMean, and not one output of rank 2):"
                    + " give its tensor name in encoder.json as outputs: {embedding: '...'} and pass it with --encoder-json"));
            inGraph.put(EncoderTensors.EMBEDDING, embedding);
        }
        tensors.put(EncoderTensors.EMBEDDING, embedding);

        // First run: the chosen tensors as they are, to learn their shapes at the declared size.
        Map<String, Promoted> raw = new LinkedHashMap<>();
        inGraph.forEach((name, tensor) -> raw.put(name, new Promoted(tensor, false, null)));
        Map<String, long[]> shapes = OutputProbe.outputShapes(OutputPromotion.promote(found.model(), raw, onnx), image.name(),
                probeShape, request.threads(), onnx);
        Map<String, Promoted> promoted = promotions(onnx, inGraph, tensors, shapes, strides, height);
        ModelProto completed = OutputPromotion.promote(found.model(), promoted, onnx);
        // Second run: the file as written loads and gives the shapes declared.
        Map<String, long[]> check = OutputProbe.outputShapes(completed, image.name(), probeShape, request.threads(), onnx);
        long[] embeddingShape = check.get(EncoderTensors.EMBEDDING);
        if (embeddingShape.length != 2) {
            throw new IllegalStateException("the completed embedding has shape " + Arrays.toString(embeddingShape));
        }

        Map<String, Output> outputs = new LinkedHashMap<>();
        EncoderDescriptor.outputsOf(completed).forEach((name, output) -> outputs.put(name,
                name.equals(tensors.get(name)) ? output : output.promotedFrom(tensors.get(name))));
        boolean anyDetected = spec.tokens() == null && !tensors.keySet().stream().allMatch(spec.tensors()::containsKey);
        boolean anyNamed = !spec.tensors().isEmpty() || spec.tokens() != null;
        String from = anyNamed && anyDetected ? Imported.FROM_DESCRIPTOR + " + " + Imported.DETECTED
                : anyNamed ? Imported.FROM_DESCRIPTOR : Imported.DETECTED;
        Provenance given = spec.provenance() == null ? Provenance.unknown() : spec.provenance();
        String sha256 = Sha256.of(bytes);
        Provenance provenance = new Provenance(given.algorithm(), given.dataset(), given.datasetManifestSha256(),
                given.epochs(), given.seed(), given.checkpointSha256(), BuildInfo.version(), given.libtorchVersion(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), null,
                new Imported(onnx.getFileName().toString(), sha256, from, found.rule(), embeddingKind,
                        found.pyramid() == null ? null : found.pyramid().prefixTokens(),
                        adapted.changed() ? adapted.changes() : null, externalData(completed, onnx, request.out())),
                given.processor());
        String architecture = spec.architecture() == null ? EncoderDescriptor.UNKNOWN_ARCHITECTURE : spec.architecture();
        EncoderDescriptor written = EncoderFiles.write(request.out(), completed, new EncoderDescriptor(
                EncoderDescriptor.FORMAT_VERSION, architecture, preprocessing, outputs, provenance));
        return new Result(written, tensors, found.rule(), found.summary());
    }

    /**
     * Puts the model's external data files beside the encoder file to be written (linked, else copied) and returns
     * their sha-256; null for a self-contained model. Done before {@code encoder.onnx} and {@code encoder.json} are
     * written, so a folder with an {@code encoder.json} has its data.
     */
    private static String externalData(ModelProto model, Path onnx, Path out) {
        if (ExternalData.files(model).isEmpty()) {
            return null;
        }
        try {
            ExternalData.placeBeside(model, onnx.getParent(), out.toAbsolutePath());
            return ExternalData.sha256(model, onnx.getParent()).orElseThrow();
        } catch (IOException e) {
            throw new EncoderFileException("cannot put the external data of " + onnx + " beside the encoder in " + out
                    + ": " + e.getMessage() + " (check that the folder is writable and the disk has space)", e);
        }
    }

    /**
     * The rules in turn, unless encoder.json names every block or a transformer's token tensors: a ViT's tokens first
     * (its patch embedding is a stride-16 map the CNN rule would otherwise take alone), then any CNN's maps by
     * stride; neither applying leaves the blocks to encoder.json, or to nobody (image-level tasks only).
     */
    private static Found find(ModelProto model, ImageInput image, ImportSpec spec, ShapeProbe probe, long height,
                              long width, Path onnx, Path json) {
        if (spec.tokens() != null) {
            FeaturePyramid named = VitTokens.named(model, spec.tokens(), spec.tensors().containsKey(EncoderTensors.EMBEDDING),
                    probe, height, width, onnx, json);
            return new Found(named.model(), named, named.rule(), named.summary());
        }
        if (spec.tensors().keySet().containsAll(EncoderTensors.BLOCKS)) {
            return new Found(model, null, null, null);
        }
        List<String> mainPath = MainPath.of(model, image.name());
        Optional<FeaturePyramid> pyramid = VitTokens.find(model, mainPath, probe, height, width, onnx);
        if (pyramid.isEmpty()) {
            String embedding = spec.tensors().getOrDefault(EncoderTensors.EMBEDDING, EncoderTensors.embedding(model).orElse(null));
            pyramid = StridePyramid.find(model, image.name(), mainPath, embedding, probe, height, width);
        }
        if (pyramid.isPresent()) {
            return new Found(pyramid.get().model(), pyramid.get(), pyramid.get().rule(), pyramid.get().summary());
        }
        boolean namesSome = EncoderTensors.BLOCKS.stream().anyMatch(spec.tensors()::containsKey);
        return new Found(model, null, namesSome ? null : Imported.NO_RULE, "no feature maps at two of the strides "
                + StridePyramid.STRIDES + " and no transformer blocks on the main path"
                + (namesSome ? "" : ": imported for image-level tasks only (pixelwise tasks need block outputs; name"
                + " them in encoder.json as outputs: {block1: '...', block2: '...', ...} and pass it with --encoder-json)"));
    }

    /** Every tensor the JSON names exists in the model: a wrong name is the JSON's mistake, said so. */
    private static void checkNamedTensorsExist(ModelProto model, Path onnx, Path json, ImportSpec spec) {
        GraphIndex graph = new GraphIndex(model.getGraph());
        Map<String, String> named = new LinkedHashMap<>(); // the JSON field → the tensor it names
        spec.tensors().forEach((output, tensor) -> named.put("outputs." + output, tensor));
        if (spec.tokens() != null) {
            for (int i = 0; i < spec.tokens().blocks().size(); i++) {
                named.put("tokens.blocks[" + i + "]", spec.tokens().blocks().get(i));
            }
        }
        named.forEach((field, tensor) -> {
            if (!graph.hasTensor(tensor)) {
                String as = field.startsWith("outputs.") ? field.substring("outputs.".length()) : field;
                throw new EncoderFileException(json + " names '" + tensor + "' as " + as + ", but " + onnx + " has no"
                        + " such tensor (nearest names: " + graph.closestTensorNames(tensor, 3) + "): correct " + field
                        + " in " + json.getFileName());
            }
        });
    }

    /** Command-line options over the JSON over the model's fixed size over ImageNet's defaults. */
    private static Preprocessing preprocessing(Request request, ImportSpec spec, ImageInput image) {
        List<Integer> size = request.inputSize() != null ? request.inputSize() : spec.inputSize();
        if (size == null) {
            int h = image.fixedHeight() > 0 ? Math.toIntExact(image.fixedHeight()) : EncoderFiles.DEFAULT_INPUT_SIZE;
            int w = image.fixedWidth() > 0 ? Math.toIntExact(image.fixedWidth()) : EncoderFiles.DEFAULT_INPUT_SIZE;
            size = List.of(h, w);
        }
        List<Double> mean = request.mean() != null ? request.mean() : spec.mean() != null ? spec.mean() : Preprocessing.IMAGENET_MEAN;
        List<Double> std = request.std() != null ? request.std() : spec.std() != null ? spec.std() : Preprocessing.IMAGENET_STD;
        try {
            return new Preprocessing(size, mean, std,
                    request.channelOrder() != null ? request.channelOrder() : spec.channelOrder(),
                    request.valueRange() != null ? request.valueRange() : spec.valueRange());
        } catch (IllegalArgumentException e) {
            throw new EncoderFileException("the preprocessing for " + request.onnx().toAbsolutePath() + " is invalid: "
                    + e.getMessage() + " (check --input-size, --mean, --std, --channel-order, --value-range and"
                    + " encoder.json's preprocessing)", e);
        }
    }

    /**
     * How each output is made, with the shape the check run found: blocks {@code [N, C, H/s, W/s]} (s as the rule
     * found it, else the input height over the block's), the embedding {@code [N, D]} (flattened when pooling kept
     * 1×1 spatial axes).
     */
    private static Map<String, Promoted> promotions(Path onnx, Map<String, String> inGraph, Map<String, String> tensors,
                                                    Map<String, long[]> shapes, Map<String, Integer> strides, long height) {
        Map<String, Promoted> promoted = new LinkedHashMap<>();
        for (String block : EncoderTensors.BLOCKS) {
            if (!inGraph.containsKey(block)) {
                continue;
            }
            long[] shape = shapes.get(block);
            if (shape.length != 4) {
                throw new EncoderFileException("the tensor '" + tensors.get(block) + "' of " + onnx + " chosen as " + block
                        + " has shape " + Arrays.toString(shape) + ", not [N, C, H, W]: name a feature map in encoder.json's outputs");
            }
            int stride = strides.getOrDefault(block, Math.toIntExact(Math.max(1, Math.round((double) height / shape[2]))));
            String h = stride == 1 ? "H" : "H/" + stride;
            String w = stride == 1 ? "W" : "W/" + stride;
            promoted.put(block, new Promoted(inGraph.get(block), false, List.of("N", shape[1], h, w)));
        }
        long[] pooled = shapes.get(EncoderTensors.EMBEDDING);
        boolean flatten = pooled.length == 4 && pooled[2] == 1 && pooled[3] == 1;
        if (pooled.length != 2 && !flatten) {
            throw new EncoderFileException("the tensor '" + tensors.get(EncoderTensors.EMBEDDING) + "' of " + onnx
                    + " chosen as the embedding has shape " + Arrays.toString(pooled) + ", not pooled [N, D]: name the"
                    + " pooled tensor in encoder.json as outputs: {embedding: '...'}");
        }
        promoted.put(EncoderTensors.EMBEDDING, new Promoted(inGraph.get(EncoderTensors.EMBEDDING), flatten,
                List.of("N", pooled[1])));
        return promoted;
    }
}
