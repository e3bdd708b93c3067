package dev.repbench.runtime.encoder.pyramid;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.repbench.runtime.encoder.onnx.GraphIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CNN rule: for each stride the model reaches among 2, 4, 8, 16 and 32, the last feature map
 * {@code [N, C, H/s, W/s]} on the main path ({@link dev.repbench.runtime.encoder.onnx.MainPath}) before the pooled
 * embedding. "Last" makes it the most processed map at that resolution: for a ResNet the stem's ReLU before the
 * max-pool and the last unit of each stage, for inverted-residual nets (MobileNet, EfficientNet) the expansion
 * before each strided depthwise convolution, for ConvNeXt the normalised map before each downsampling convolution.
 *
 * <p>Strides come from shapes, not from operator attributes, so padding, pooling and any exporter's layout of a
 * downsampling step read alike: a tensor is at stride s when its height is H/s and its width W/s, rounded either
 * way. When the model takes other sizes, a second probe at (H + 32) × (W + 32) must agree, which rules out maps
 * that do not follow the input (a squeeze-and-excitation's 1×1, a pooled map). A model with a fixed size is read at
 * that size alone, and global pooling outputs are then set aside by their operator.
 *
 * <p>A CNN exported without its pooling (a backbone: feature maps out, no pooled features) gets the global average
 * of its coarsest level as its embedding, through operators added to the model.
 */
public final class StridePyramid {
    /** The name recorded in encoder.json. */
    public static final String RULE = "cnn-strides";
    /** The strides a level may have, finest first: a ResNet's. */
    public static final List<Integer> STRIDES = List.of(2, 4, 8, 16, 32);
    /** How much larger the second probe is: a multiple of the coarsest stride keeps every level's grid exact. */
    static final int SECOND_PROBE_GROWTH = 32;
    private static final Set<String> GLOBAL_POOLING = Set.of("GlobalAveragePool", "GlobalMaxPool", "ReduceMean",
            "ReduceMax", "ReduceL2", "ReduceSum");

    private StridePyramid() {}

    /**
     * The pyramid of {@code model}, if it has feature maps at two strides or more.
     *
     * @param mainPath   the model's main-path tensors, in order
     * @param embedding  the pooled embedding's tensor, or null; tensors after it on the main path are not levels
     * @param probe      runs the model
     * @param height     the declared input height
     * @param width      the declared input width
     * @param fixedSize  whether the model takes that size only
     */
    public static Optional<FeaturePyramid> find(ModelProto model, List<String> mainPath, String embedding, ShapeProbe probe,
                                                long height, long width, boolean fixedSize) {
        int end = embedding == null || !mainPath.contains(embedding) ? mainPath.size() : mainPath.indexOf(embedding);
        List<String> candidates = mainPath.subList(0, end);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Map<String, long[]> first = probe.shapes(model, candidates, height, width);
        Map<String, long[]> second = fixedSize ? null : secondProbe(model, candidates, probe, height, width);
        GraphIndex graph = new GraphIndex(model.getGraph());
        // stride → the last candidate at it; the path's order makes a later put win
        TreeMap<Integer, FeaturePyramid.Level> levels = new TreeMap<>();
        for (String tensor : candidates) {
            long[] shape = first.get(tensor);
            Optional<Integer> stride = stride(shape, height, width);
            if (stride.isEmpty()) {
                continue;
            }
            if (second != null) {
                long[] other = second.get(tensor);
                Optional<Integer> again = stride(other, height + SECOND_PROBE_GROWTH, width + SECOND_PROBE_GROWTH);
                if (!again.equals(stride) || other[1] != shape[1]) {
                    continue;
                }
            } else if (isGlobalPooling(graph, tensor)) {
                continue;
            }
            levels.put(stride.get(), new FeaturePyramid.Level(tensor, tensor, shape[1], stride.get()));
        }
        if (levels.size() < 2) {
            return Optional.empty();
        }
        List<FeaturePyramid.Level> chosen = new ArrayList<>(levels.values());
        String summary = "feature maps at strides " + levels.keySet() + " (the last on the main path at each)";
        if (embedding != null) {
            return Optional.of(new FeaturePyramid(RULE, model, chosen, null, null, summary));
        }
        FeaturePyramid.Level last = chosen.getLast();
        ModelProto pooled = withGlobalAverage(model, last.tensor());
        return Optional.of(new FeaturePyramid(RULE, pooled, chosen,
                new FeaturePyramid.Embedding(EMBEDDING, last.tensor(), FeaturePyramid.Embedding.LAST_MAP_MEAN), null,
                summary + "; no pooled features, so the embedding is the global average of the stride-" + last.stride()
                        + " map"));
    }

    /** The tensor a model without pooled features gets as its embedding. */
    static final String EMBEDDING = "repbench/embedding";

    /** {@code model} with {@value #EMBEDDING} {@code [N, C]}: GlobalAveragePool then Flatten of {@code map}. */
    private static ModelProto withGlobalAverage(ModelProto model, String map) {
        String averaged = EMBEDDING + "/averaged";
        return model.toBuilder().setGraph(model.getGraph().toBuilder()
                .addNode(NodeProto.newBuilder().setOpType("GlobalAveragePool").setName(averaged).addInput(map)
                        .addOutput(averaged))
                .addNode(NodeProto.newBuilder().setOpType("Flatten").setName(EMBEDDING).addInput(averaged)
                        .addOutput(EMBEDDING)))
                .build();
    }

    /** The shapes at the second size, or null when the model does not run there (a fixed size after all). */
    private static Map<String, long[]> secondProbe(ModelProto model, List<String> tensors, ShapeProbe probe, long height,
                                                   long width) {
        try {
            return probe.shapes(model, tensors, height + SECOND_PROBE_GROWTH, width + SECOND_PROBE_GROWTH);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The stride of STRIDES at which {@code shape} is an {@code [N, C, H/s, W/s]} map, if any. */
    static Optional<Integer> stride(long[] shape, long height, long width) {
        if (shape == null || shape.length != 4) {
            return Optional.empty();
        }
        for (int s : STRIDES) {
            if (fits(shape[2], height, s) && fits(shape[3], width, s)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** {@code size} is {@code input / stride} rounded down or up, as convolutions with or without padding give. */
    private static boolean fits(long size, long input, int stride) {
        return size == Math.floorDiv(input, stride) || size == Math.ceilDiv(input, stride);
    }

    private static boolean isGlobalPooling(GraphIndex graph, String tensor) {
        return graph.producer(tensor).map(n -> GLOBAL_POOLING.contains(graph.node(n).getOpType())).orElse(false);
    }
}
