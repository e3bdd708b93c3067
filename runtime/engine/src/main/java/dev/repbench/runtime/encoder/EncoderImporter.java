package dev.repbench.runtime.encoder;

import dev.repbench.runtime.io.Sha256;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.runtime.encoder.EncoderDescriptor.Imported;
import dev.repbench.runtime.encoder.EncoderDescriptor.Output;
import dev.repbench.runtime.encoder.EncoderDescriptor.Preprocessing;
import dev.repbench.runtime.encoder.EncoderDescriptor.Provenance;
import dev.repbench.runtime.encoder.onnx.EncoderTensors;
import dev.repbench.runtime.encoder.onnx.GraphIndex;
import dev.repbench.runtime.encoder.onnx.ImageInput;
import dev.repbench.runtime.encoder.onnx.OnnxModelException;
import dev.repbench.runtime.encoder.onnx.OnnxModelReader;
import dev.repbench.runtime.encoder.onnx.OutputPromotion;
import dev.repbench.runtime.encoder.onnx.OutputPromotion.Promoted;
import dev.repbench.runtime.version.BuildInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns an ONNX model from elsewhere into an encoder file: finds the tensors for {@code block1}…{@code block5} and
 * {@code embedding} (named in an {@code encoder.json}, else detected in a torchvision-style ResNet, see
 * {@link EncoderTensors}), promotes them to graph outputs, runs the result once on ONNX Runtime at the declared
 * input size to check it and learn the output shapes, and writes {@code encoder.onnx} + {@code encoder.json} with
 * {@link EncoderFiles#write}.
 */
public final class EncoderImporter {
    private static final List<Integer> STRIDES = List.of(2, 4, 8, 16, 32);

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
     * @param threads     ONNX Runtime's intra-op threads for the check run
     */
    public record Request(Path onnx, Path encoderJson, Path out, List<Integer> inputSize, List<Double> mean,
                          List<Double> std, int threads) {
        public Request {
            Objects.requireNonNull(onnx, "onnx");
            Objects.requireNonNull(out, "out");
        }
    }

    /**
     * What was imported.
     *
     * @param descriptor    the encoder.json written
     * @param tensors       each output's source tensor in the model
     * @param unitsPerStage residual units per stage when the stages were detected, else empty
     */
    public record Result(EncoderDescriptor descriptor, Map<String, String> tensors, List<Integer> unitsPerStage) {}

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

    private static Result importModel(Request request, Path onnx) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(onnx);
        } catch (IOException e) {
            throw new EncoderFileException("cannot read " + onnx + ": " + e.getMessage() + " (check the path and its permissions)", e);
        }
        ModelProto model = OnnxModelReader.parse(bytes, onnx);
        ImageInput image = ImageInput.of(model, onnx);
        Path json = request.encoderJson() == null ? null : request.encoderJson().toAbsolutePath();
        ImportSpec spec = json == null ? ImportSpec.empty() : ImportSpec.read(json);

        Map<String, String> tensors = new LinkedHashMap<>();
        List<Integer> unitsPerStage = List.of();
        List<String> undetermined = EncoderTensors.BLOCKS.stream().filter(b -> !spec.tensors().containsKey(b)).toList();
        Map<String, String> detected = Map.of();
        if (!undetermined.isEmpty()) {
            EncoderTensors.ResNetStages stages = EncoderTensors.resNetStages(model, onnx);
            detected = stages.blocks();
            unitsPerStage = stages.unitsPerStage();
        }
        for (String block : EncoderTensors.BLOCKS) {
            tensors.put(block, spec.tensors().getOrDefault(block, detected.get(block)));
        }
        String embedding = spec.tensors().get(EncoderTensors.EMBEDDING);
        if (embedding == null) {
            embedding = EncoderTensors.embedding(model).orElseThrow(() -> new EncoderFileException("could not find the pooled"
                    + " embedding in " + onnx + " (no GlobalAveragePool or spatial ReduceMean, and not one output of rank 2):"
                    + " give its tensor name in encoder.json as outputs: {embedding: '...'} and pass it with --encoder-json"));
        }
        tensors.put(EncoderTensors.EMBEDDING, embedding);
        checkNamedTensorsExist(model, onnx, json, spec);

        Preprocessing preprocessing = preprocessing(request, spec, image);
        long height = preprocessing.inputSize().get(0);
        long width = preprocessing.inputSize().get(1);
        long batch = image.dimensions().getFirst() instanceof Long fixed ? fixed : 1;
        long[] probeShape = {batch, 3, height, width};

        // First run: the chosen tensors as they are, to learn their shapes at the declared size.
        Map<String, Promoted> raw = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> raw.put(name, new Promoted(tensor, false, null)));
        Map<String, long[]> shapes = OutputProbe.outputShapes(OutputPromotion.promote(model, raw, onnx), image.name(),
                probeShape, request.threads(), onnx);
        Map<String, Promoted> promoted = promotions(onnx, tensors, shapes, height, !unitsPerStage.isEmpty());
        ModelProto completed = OutputPromotion.promote(model, promoted, onnx);
        // Second run: the file as written loads and gives the shapes declared.
        Map<String, long[]> check = OutputProbe.outputShapes(completed, image.name(), probeShape, request.threads(), onnx);
        long[] embeddingShape = check.get(EncoderTensors.EMBEDDING);
        if (embeddingShape.length != 2) {
            throw new IllegalStateException("the completed embedding has shape " + Arrays.toString(embeddingShape));
        }

        Map<String, Output> outputs = new LinkedHashMap<>();
        EncoderDescriptor.outputsOf(completed).forEach((name, output) -> outputs.put(name,
                name.equals(tensors.get(name)) ? output : output.promotedFrom(tensors.get(name))));
        boolean anyNamed = !spec.tensors().isEmpty();
        boolean anyDetected = !unitsPerStage.isEmpty() || !spec.tensors().containsKey(EncoderTensors.EMBEDDING);
        String from = anyNamed && anyDetected ? Imported.FROM_DESCRIPTOR + " + " + Imported.DETECTED
                : anyNamed ? Imported.FROM_DESCRIPTOR : Imported.DETECTED;
        Provenance given = spec.provenance() == null ? Provenance.unknown() : spec.provenance();
        String sha256 = Sha256.of(bytes);
        Provenance provenance = new Provenance(given.algorithm(), given.dataset(), given.datasetManifestSha256(),
                given.epochs(), given.seed(), given.checkpointSha256(), BuildInfo.version(), given.libtorchVersion(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), null,
                new Imported(onnx.getFileName().toString(), sha256, from));
        String architecture = spec.architecture() == null ? EncoderDescriptor.UNKNOWN_ARCHITECTURE : spec.architecture();
        EncoderDescriptor written = EncoderFiles.write(request.out(), completed, new EncoderDescriptor(
                EncoderDescriptor.FORMAT_VERSION, architecture, preprocessing, outputs, provenance));
        return new Result(written, tensors, unitsPerStage);
    }

    /** Every tensor the JSON names exists in the model: a wrong name is the JSON's mistake, said so. */
    private static void checkNamedTensorsExist(ModelProto model, Path onnx, Path json, ImportSpec spec) {
        GraphIndex graph = new GraphIndex(model.getGraph());
        spec.tensors().forEach((name, tensor) -> {
            if (!graph.hasTensor(tensor)) {
                throw new EncoderFileException(json + " names '" + tensor + "' as " + name + ", but " + onnx + " has no"
                        + " such tensor (nearest names: " + graph.closestTensorNames(tensor, 3) + "): correct outputs."
                        + name + " in " + json.getFileName());
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
            return new Preprocessing(size, mean, std, spec.channelOrder(), spec.valueRange());
        } catch (IllegalArgumentException e) {
            throw new EncoderFileException("the preprocessing for " + request.onnx().toAbsolutePath() + " is invalid: "
                    + e.getMessage() + " (check --input-size, --mean, --std and encoder.json's preprocessing)", e);
        }
    }

    /**
     * How each output is made, with the shape the check run found: blocks {@code [N, C, H/s, W/s]}, the embedding
     * {@code [N, D]} (flattened when pooling kept 1×1 spatial axes).
     */
    private static Map<String, Promoted> promotions(Path onnx, Map<String, String> tensors, Map<String, long[]> shapes,
                                                    long height, boolean detected) {
        Map<String, Promoted> promoted = new LinkedHashMap<>();
        List<Integer> strides = new ArrayList<>();
        for (String block : EncoderTensors.BLOCKS) {
            long[] shape = shapes.get(block);
            if (shape.length != 4) {
                throw new EncoderFileException("the tensor '" + tensors.get(block) + "' of " + onnx + " chosen as " + block
                        + " has shape " + Arrays.toString(shape) + ", not [N, C, H, W]: name a feature map in encoder.json's outputs");
            }
            int stride = Math.toIntExact(Math.round((double) height / shape[2]));
            strides.add(stride);
            String h = stride == 1 ? "H" : "H/" + stride;
            String w = stride == 1 ? "W" : "W/" + stride;
            promoted.put(block, new Promoted(tensors.get(block), false, List.of("N", shape[1], h, w)));
        }
        if (detected && !strides.equals(STRIDES)) {
            throw new EncoderFileException("the ResNet stages found in " + onnx + " have strides " + strides + ", not "
                    + STRIDES + ": give the tensor names in encoder.json as outputs: {block1: '...', ...}");
        }
        long[] pooled = shapes.get(EncoderTensors.EMBEDDING);
        boolean flatten = pooled.length == 4 && pooled[2] == 1 && pooled[3] == 1;
        if (pooled.length != 2 && !flatten) {
            throw new EncoderFileException("the tensor '" + tensors.get(EncoderTensors.EMBEDDING) + "' of " + onnx
                    + " chosen as the embedding has shape " + Arrays.toString(pooled) + ", not pooled [N, D]: name the"
                    + " pooled tensor in encoder.json as outputs: {embedding: '...'}");
        }
        promoted.put(EncoderTensors.EMBEDDING, new Promoted(tensors.get(EncoderTensors.EMBEDDING), flatten,
                List.of("N", pooled[1])));
        return promoted;
    }
}
