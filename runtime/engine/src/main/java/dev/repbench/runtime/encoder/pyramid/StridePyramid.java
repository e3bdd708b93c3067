package dev.repbench.runtime.encoder.pyramid;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.repbench.runtime.encoder.onnx.EncoderTensors;
import dev.repbench.runtime.encoder.onnx.GraphIndex;
import dev.repbench.runtime.encoder.onnx.InputAdaptation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The CNN rule: for each stride the model reaches among 2, 4, 8, 16 and 32, the last feature map
 * {@code [N, C, H/s, W/s]} on the main path ({@link dev.repbench.runtime.encoder.onnx.MainPath}) before the pooled
 * embedding. "Last" makes it the most processed map at that resolution: for a ResNet the stem's ReLU before the
 * max-pool and the last unit of each stage, for inverted-residual nets (MobileNet, EfficientNet) the expansion
 * before each strided depthwise convolution, for ConvNeXt the normalised map before each downsampling convolution.
 *
 * <p>Strides come from shapes, not from operator attributes, so padding, pooling and any exporter's layout of a
 * downsampling step read alike. When the model takes other sizes, a second probe at (H + 32) × (W + 32) decides: a
 * tensor is at stride s when its height and width grow by 32 / s, so unpadded convolutions (Inception's 47 of 96
 * at stride 2) count, and maps that do not follow the input (a squeeze-and-excitation's 1×1, a pooled map) do not.
 * A model exported at a fixed size is probed with its size freed; where its graph then does not run (a reshape to
 * constant sizes), it is read at its size alone: a tensor is at stride s when its height is H/s and its width W/s,
 * rounded either way, and global pooling outputs are set aside by their operator.
 *
 * <p>Maps laid out {@code [N, H/s, W/s, C]} count too (a Swin Transformer's stages, graphs converted from
 * TensorFlow): a level read so is transposed to {@code [N, C, H/s, W/s]} by an operator added to the model. Where a
 * shape reads both ways, the second probe decides; read at one size alone, NCHW.
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
     * @param input      the model's image input, {@code [N, 3, H, W]}
     * @param mainPath   the model's main-path tensors, in order
     * @param embedding  the pooled embedding's tensor, or null; tensors after it on the main path are not levels
     * @param probe      runs the model
     * @param height     the declared input height
     * @param width      the declared input width
     */
    public static Optional<FeaturePyramid> find(ModelProto model, String input, List<String> mainPath, String embedding,
                                                ShapeProbe probe, long height, long width) {
        int end = embedding == null || !mainPath.contains(embedding) ? mainPath.size() : mainPath.indexOf(embedding);
        List<String> candidates = mainPath.subList(0, end);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Map<String, long[]> first = probe.shapes(model, candidates, height, width);
        Map<String, long[]> second = secondProbe(InputAdaptation.withFreeSize(model, input), candidates, probe, height,
                width);
        GraphIndex graph = new GraphIndex(model.getGraph());
        // stride → the last candidate at it, and how its map is laid out; the path's order makes a later put win
        TreeMap<Integer, FeaturePyramid.Level> levels = new TreeMap<>();
        Map<Integer, Boolean> channelsLast = new TreeMap<>();
        for (String tensor : candidates) {
            Optional<MapShape> map = second != null
                    ? grown(first.get(tensor), second.get(tensor), height, width).stream().findFirst()
                    : isGlobalPooling(graph, tensor) ? Optional.empty()
                    : readings(first.get(tensor), height, width).stream().findFirst();
            if (map.isPresent()) {
                levels.put(map.get().stride(), new FeaturePyramid.Level(tensor, tensor, map.get().channels(),
                        map.get().stride()));
                channelsLast.put(map.get().stride(), map.get().channelsLast());
            }
        }
        if (levels.size() < 2) {
            return Optional.empty();
        }
        List<FeaturePyramid.Level> chosen = new ArrayList<>();
        GraphProto.Builder transposed = model.getGraph().toBuilder();
        for (FeaturePyramid.Level level : levels.values()) {
            if (channelsLast.get(level.stride())) {
                String nchw = NCHW_PREFIX + level.source();
                transposed.addNode(NodeProto.newBuilder().setOpType("Transpose").setName(nchw).addInput(level.source())
                        .addOutput(nchw).addAttribute(AttributeProto.newBuilder().setName("perm")
                                .setType(AttributeProto.AttributeType.INTS).addAllInts(List.of(0L, 3L, 1L, 2L))));
                level = new FeaturePyramid.Level(nchw, level.source(), level.channels(), level.stride());
            }
            chosen.add(level);
        }
        ModelProto withLevels = model.toBuilder().setGraph(transposed).build();
        Set<Integer> nhwc = new TreeSet<>();
        channelsLast.forEach((stride, last) -> {
            if (last) {
                nhwc.add(stride);
            }
        });
        String summary = "feature maps at strides " + levels.keySet() + " (the last on the main path at each"
                + (nhwc.isEmpty() ? "" : "; laid out [N, H, W, C] at " + nhwc + ", transposed") + ")";
        if (embedding != null) {
            return Optional.of(new FeaturePyramid(RULE, withLevels, chosen, null, null, summary));
        }
        FeaturePyramid.Level last = chosen.getLast();
        ModelProto pooled = EncoderTensors.withGlobalAverage(withLevels, last.tensor());
        return Optional.of(new FeaturePyramid(RULE, pooled, chosen, new FeaturePyramid.Embedding(
                EncoderTensors.AVERAGED_EMBEDDING, last.tensor(), FeaturePyramid.Embedding.LAST_MAP_MEAN), null,
                summary + "; no pooled features, so the embedding is the global average of the stride-" + last.stride()
                        + " map"));
    }

    /**
     * The shapes at the second size, or null when the model does not run there (its graph depends on the size it was
     * exported at: a reshape to constant sizes).
     */
    private static Map<String, long[]> secondProbe(ModelProto model, List<String> tensors, ShapeProbe probe, long height,
                                                   long width) {
        try {
            return probe.shapes(model, tensors, height + SECOND_PROBE_GROWTH, width + SECOND_PROBE_GROWTH);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The prefix of the tensors a channels-last level is transposed into. */
    static final String NCHW_PREFIX = "repbench/nchw/";

    /** A tensor read as a feature map: at a stride of STRIDES, with C channels, laid out NCHW or NHWC. */
    record MapShape(int stride, long channels, boolean channelsLast) {}

    /**
     * The ways {@code shape} reads as a map at a fixed {@code height × width}: {@code [N, C, H/s, W/s]} first, then
     * {@code [N, H/s, W/s, C]} (Swin's stages, graphs from TensorFlow).
     */
    static List<MapShape> readings(long[] shape, long height, long width) {
        List<MapShape> readings = new ArrayList<>();
        if (shape == null || shape.length != 4) {
            return readings;
        }
        stride(shape[2], shape[3], height, width).ifPresent(s -> readings.add(new MapShape(s, shape[1], false)));
        stride(shape[1], shape[2], height, width).ifPresent(s -> readings.add(new MapShape(s, shape[3], true)));
        return readings;
    }

    /**
     * The ways a tensor of {@code first}'s shape at {@code height × width} and {@code second}'s at 32 pixels more
     * reads as a map, NCHW first: at stride s its height and width each grow by 32 / s and its channels stay, whatever
     * padding its convolutions had (an unpadded one's 3×3 makes 47 of 96 at stride 2, as Inception's and SqueezeNet's
     * do); and it is no larger than the input over s.
     */
    static List<MapShape> grown(long[] first, long[] second, long height, long width) {
        List<MapShape> readings = new ArrayList<>();
        if (first == null || second == null || first.length != 4 || second.length != 4) {
            return readings;
        }
        grownStride(first[2], first[3], second[2], second[3], first[1] == second[1], height, width)
                .ifPresent(s -> readings.add(new MapShape(s, first[1], false)));
        grownStride(first[1], first[2], second[1], second[2], first[3] == second[3], height, width)
                .ifPresent(s -> readings.add(new MapShape(s, first[3], true)));
        return readings;
    }

    private static Optional<Integer> grownStride(long h1, long w1, long h2, long w2, boolean sameChannels, long height,
                                                 long width) {
        if (!sameChannels || h1 < 1 || w1 < 1) {
            return Optional.empty();
        }
        for (int s : STRIDES) {
            long growth = SECOND_PROBE_GROWTH / s;
            if (h2 - h1 == growth && w2 - w1 == growth && h1 <= Math.ceilDiv(height, s) && w1 <= Math.ceilDiv(width, s)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** The stride of STRIDES at which a map is {@code mapHeight × mapWidth}, if any. */
    private static Optional<Integer> stride(long mapHeight, long mapWidth, long height, long width) {
        for (int s : STRIDES) {
            if (fits(mapHeight, height, s) && fits(mapWidth, width, s)) {
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
