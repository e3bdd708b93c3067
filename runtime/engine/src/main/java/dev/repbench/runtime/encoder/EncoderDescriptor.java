package dev.repbench.runtime.encoder;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code encoder.json} sidecar of an encoder file: how to prepare images for the ONNX model, which outputs
 * it has, and where it came from. Read and written with Jackson; unknown fields are ignored so a newer RepBench
 * of the same format version can add some.
 *
 * <pre>{@code
 * {
 *   "formatVersion" : 1,
 *   "architecture" : "resnet18",
 *   "preprocessing" : { "inputSize" : [224, 224], "mean" : [0.485, 0.456, 0.406], "std" : [0.229, 0.224, 0.225],
 *                       "channelOrder" : "RGB", "valueRange" : [0.0, 1.0] },
 *   "outputs" : { "block1" : { "shape" : ["N", 64, "H/2", "W/2"], "stride" : 2 }, …,
 *                 "embedding" : { "shape" : ["N", 512], "stride" : null } },
 *   "provenance" : { "algorithm" : "random-init", "seed" : 7, …, "onnxSha256" : "9f2c…" }
 * }
 * }</pre>
 *
 * @param formatVersion the version of this file's layout, {@value #FORMAT_VERSION} for files written here
 * @param architecture  the encoder's architecture ({@code resnet18}, {@code resnet50}, {@code resnet18-small}),
 *                      or {@code unknown} for a model from elsewhere
 * @param preprocessing how an image becomes the model's input
 * @param outputs       the graph outputs by name, in the model's order
 * @param provenance    where the weights came from, and the hash tying this file to its ONNX file
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EncoderDescriptor(int formatVersion, String architecture, Preprocessing preprocessing,
                                Map<String, Output> outputs, Provenance provenance) {

    /** The layout version this RepBench writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The architecture of a model whose origin is not recorded. */
    public static final String UNKNOWN_ARCHITECTURE = "unknown";

    public EncoderDescriptor {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(provenance, "provenance");
        outputs = outputs == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** A copy whose provenance records {@code sha256} as the ONNX file's hash. */
    public EncoderDescriptor withOnnxSha256(String sha256) {
        return new EncoderDescriptor(formatVersion, architecture, preprocessing, outputs, provenance.withOnnxSha256(sha256));
    }

    /**
     * How an image becomes the model's input: resize to {@code inputSize}, scale to {@code valueRange}, then
     * per channel {@code (x − mean) / std}, channels in {@code channelOrder}, laid out {@code [N, 3, H, W]}.
     *
     * @param inputSize    {@code [H, W]} the encoder was trained at (the model accepts other sizes too)
     * @param mean         the per-channel mean subtracted, in channel order
     * @param std          the per-channel standard deviation divided by, in channel order
     * @param channelOrder the order of the three channels, {@code RGB} or {@code BGR}
     * @param valueRange   {@code [low, high]} the pixel values are scaled to before normalising, {@code [0, 1]}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Preprocessing(List<Integer> inputSize, List<Double> mean, List<Double> std, String channelOrder,
                                List<Double> valueRange) {
        /** ImageNet's statistics, as torchvision's models expect them. */
        public static final List<Double> IMAGENET_MEAN = List.of(0.485, 0.456, 0.406);
        public static final List<Double> IMAGENET_STD = List.of(0.229, 0.224, 0.225);
        public static final String RGB = "RGB";
        /** Caffe's and OpenCV's order: blue first. */
        public static final String BGR = "BGR";

        public Preprocessing {
            inputSize = List.copyOf(Objects.requireNonNull(inputSize, "preprocessing.inputSize"));
            mean = List.copyOf(Objects.requireNonNull(mean, "preprocessing.mean"));
            std = List.copyOf(Objects.requireNonNull(std, "preprocessing.std"));
            channelOrder = channelOrder == null ? RGB : channelOrder;
            valueRange = valueRange == null ? List.of(0.0, 1.0) : List.copyOf(valueRange);
            if (inputSize.size() != 2 || inputSize.stream().anyMatch(s -> s < 1)) {
                throw new IllegalArgumentException("preprocessing.inputSize is [H, W] with both >= 1, got " + inputSize);
            }
            if (mean.size() != 3 || std.size() != 3 || std.stream().anyMatch(s -> !(s > 0))) {
                throw new IllegalArgumentException("preprocessing.mean and .std have 3 values, std > 0; got " + mean + " and " + std);
            }
            if (!channelOrder.equals(RGB) && !channelOrder.equals(BGR)) {
                throw new IllegalArgumentException("preprocessing.channelOrder is RGB or BGR, got " + channelOrder);
            }
            if (valueRange.size() != 2 || !(valueRange.get(0) < valueRange.get(1))) {
                throw new IllegalArgumentException("preprocessing.valueRange is [low, high] with low < high, got " + valueRange);
            }
        }

        /** ImageNet's mean and std on RGB values in [0, 1], at {@code height × width}. */
        public static Preprocessing imagenet(int height, int width) {
            return new Preprocessing(List.of(height, width), IMAGENET_MEAN, IMAGENET_STD, RGB, List.of(0.0, 1.0));
        }
    }

    /**
     * One graph output.
     *
     * @param shape  the dimensions, each a size (a number) or a symbol (a string): {@code N} is the batch,
     *               {@code H/s} and {@code W/s} the input's height and width divided by {@code s}, rounded up
     * @param stride how many input pixels one output position spans ({@code H/s} gives {@code s}, {@code H} gives
     *               1); null for outputs without spatial dimensions, such as the embedding
     * @param tensor for an imported model, the name of the model's own tensor this output was promoted from; null
     *               (and not written) for outputs the model had already
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(List<Object> shape, Integer stride,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String tensor) {
        private static final Pattern SCALED_HEIGHT = Pattern.compile("H(?:/(\\d+))?");

        /** An output the model declares as it is. */
        public Output(List<Object> shape, Integer stride) {
            this(shape, stride, null);
        }

        /** This output, recorded as promoted from the model's tensor {@code source}. */
        public Output promotedFrom(String source) {
            return new Output(shape, stride, source);
        }

        public Output {
            List<Object> dims = new ArrayList<>();
            for (Object d : Objects.requireNonNull(shape, "output shape")) {
                if (d instanceof Number n) {
                    dims.add(n.longValue());
                } else if (d instanceof String s && !s.isBlank()) {
                    dims.add(s);
                } else {
                    throw new IllegalArgumentException("an output dimension is a number or a symbol, got " + d);
                }
            }
            shape = java.util.Collections.unmodifiableList(dims);
        }

        /** The output as the graph declares it; the stride is read from a height symbol {@code H} or {@code H/s}. */
        static Output of(ValueInfoProto value) {
            List<Object> dims = new ArrayList<>();
            for (TensorShapeProto.Dimension d : value.getType().getTensorType().getShape().getDimList()) {
                dims.add(d.hasDimValue() ? (Object) d.getDimValue() : d.hasDimParam() ? d.getDimParam() : "?");
            }
            Integer stride = null;
            if (dims.size() == 4 && dims.get(2) instanceof String height) {
                Matcher m = SCALED_HEIGHT.matcher(height);
                if (m.matches()) {
                    stride = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
                }
            }
            return new Output(dims, stride);
        }
    }

    /** The outputs a model declares, in its order. */
    public static Map<String, Output> outputsOf(ModelProto model) {
        Map<String, Output> outputs = new LinkedHashMap<>();
        for (ValueInfoProto value : model.getGraph().getOutputList()) {
            outputs.put(value.getName(), Output.of(value));
        }
        return outputs;
    }

    /**
     * Where the encoder came from. Unknown fields are null.
     *
     * @param algorithm             the pretraining algorithm ({@code moco-v2}, {@code swav}, {@code supervised},
     *                              {@code random-init}, …)
     * @param dataset               the pretraining dataset
     * @param datasetManifestSha256 the sha256 of the dataset's manifest (the list of files and their hashes)
     * @param epochs                pretraining epochs
     * @param seed                  the seed of the run (of the random initialisation for {@code random-init})
     * @param checkpointSha256      the sha256 of the checkpoint the weights were loaded from
     * @param repbenchVersion       the RepBench version that exported the file
     * @param libtorchVersion       the libtorch version the weights were computed with
     * @param createdAt             when the file was exported, ISO-8601 UTC
     * @param onnxSha256            the sha256 of the ONNX file: ties this sidecar to it
     * @param imported              for a model from elsewhere completed by {@code repbench import}, what it was
     *                              imported from; null (and not written) for models RepBench exported
     * @param processor             for an encoder RepBench pretrained, the processor model that computed its weights
     *                              ({@code Processor.describe()}, as the run's {@code pretrain.json} names it; a run
     *                              resumed on another model names both), since the weights' bits depend on its
     *                              kernels; null (and not written) when RepBench did not train the weights (an import keeps
     *                              the one its encoder.json gives)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Provenance(String algorithm, String dataset, String datasetManifestSha256, Integer epochs, Long seed,
                             String checkpointSha256, String repbenchVersion, String libtorchVersion, String createdAt,
                             String onnxSha256, @JsonInclude(JsonInclude.Include.NON_NULL) Imported imported,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String processor) {
        /** Provenance of a model RepBench exported (nothing imported), its weights from elsewhere. */
        public Provenance(String algorithm, String dataset, String datasetManifestSha256, Integer epochs, Long seed,
                          String checkpointSha256, String repbenchVersion, String libtorchVersion, String createdAt,
                          String onnxSha256) {
            this(algorithm, dataset, datasetManifestSha256, epochs, seed, checkpointSha256, repbenchVersion,
                    libtorchVersion, createdAt, onnxSha256, null, null);
        }

        /** Nothing known. */
        public static Provenance unknown() {
            return new Provenance(null, null, null, null, null, null, null, null, null, null, null, null);
        }

        public Provenance withOnnxSha256(String sha256) {
            return new Provenance(algorithm, dataset, datasetManifestSha256, epochs, seed, checkpointSha256,
                    repbenchVersion, libtorchVersion, createdAt, sha256, imported, processor);
        }
    }

    /**
     * Where an imported model came from.
     *
     * @param sourceFile   the file name of the ONNX model as given to {@code repbench import}
     * @param sourceSha256 that file's sha256, before graph surgery
     * @param outputsFrom  how the outputs' tensors were found: {@value #FROM_DESCRIPTOR}, {@value #DETECTED}, or
     *                     both joined with {@code " + "}
     * @param rule         the rule that found the block outputs ({@code cnn-strides}, {@code vit-tokens}; also
     *                     {@code vit-tokens} for maps made from token tensors encoder.json names), or
     *                     {@value #NO_RULE} when none applied (image-level tasks only, unless encoder.json named
     *                     blocks); null (and not written) in files of earlier versions
     * @param embedding    how the embedding was made: {@value #POOLED}, {@code class token} or {@code mean of patch
     *                     tokens}; null (and not written) in files of earlier versions
     * @param prefixTokens the tokens before the patch tokens (class, registers) that the {@code vit-tokens} maps drop;
     *                     null (and not written) for feature maps taken as they are
     * @param input        what import changed at the model's image input to make it {@code [N, 3, H, W]} with a free
     *                     batch, a line per change (an NHWC input transposed, an exported batch freed); null (and not
     *                     written) when the model took such images already
     * @param externalDataSha256 for a model whose weights lie in external data files beside {@code encoder.onnx},
     *                     their sha-256 ({@code ExternalData.sha256}), which joins the model's in cache keys; null (and
     *                     not written) for a self-contained model
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Imported(String sourceFile, String sourceSha256, String outputsFrom,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String rule,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String embedding,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer prefixTokens,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<String> input,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String externalDataSha256) {
        public Imported {
            input = input == null ? null : List.copyOf(input);
        }

        /** Tensor names given in the encoder.json passed to the import. */
        public static final String FROM_DESCRIPTOR = "encoder.json";
        /** Tensors found by RepBench's rules. */
        public static final String DETECTED = "detected";
        /** No rule found block outputs. */
        public static final String NO_RULE = "none";
        /** The model's own pooled features (or a tensor named in encoder.json). */
        public static final String POOLED = "pooled features";

        /** As files before the rules were recorded. */
        public Imported(String sourceFile, String sourceSha256, String outputsFrom) {
            this(sourceFile, sourceSha256, outputsFrom, null, null, null, null, null);
        }

        /** As files before input changes were recorded, and imports that changed nothing there. */
        public Imported(String sourceFile, String sourceSha256, String outputsFrom, String rule, String embedding,
                        Integer prefixTokens) {
            this(sourceFile, sourceSha256, outputsFrom, rule, embedding, prefixTokens, null, null);
        }
    }
}
