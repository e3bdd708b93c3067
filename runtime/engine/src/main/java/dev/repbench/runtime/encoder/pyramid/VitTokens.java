package dev.repbench.runtime.encoder.pyramid;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.repbench.runtime.encoder.onnx.GraphIndex;
import dev.repbench.runtime.encoder.onnx.OnnxModelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Vision Transformer rule: token sequences {@code [N, P + h·w, D]} (P prefix tokens: a class token, register
 * tokens) become feature maps by operators added to the graph, as dense-prediction heads on ViTs do (DPT, ViTDet).
 *
 * <p><b>Blocks.</b> On the main path, a residual unit is a tensor made by an Add of the previous main-path tensor
 * and its branch; a unit whose branch holds a Softmax is attention. A transformer block is an attention unit and
 * the units after it up to the next attention unit (the MLP); its output is its last unit's. Nothing depends on
 * names, so any exporter's naming works; torchvision's {@code VisionTransformer} exported by {@code torch.onnx} is
 * the tested case.
 *
 * <p><b>Grid.</b> The patch grid h × w is the shape of the last main-path map {@code [N, D, h, w]} before the first
 * block (the patch embedding's convolution), its stride p = H / h the patch size, and P = tokens − h·w. Without such
 * a map (patches cut by reshapes) the first of 16, 14, 8, 32 that leaves 0 to 16 prefix tokens is taken.
 *
 * <p><b>Levels.</b> Four levels, from blocks round(k·L/4), k = 1…4, of L blocks (ViT-B's 3, 6, 9, 12, as DPT): each
 * block's patch tokens are sliced from the prefix (Slice), laid out as {@code [N, D, h, w]} (Transpose, Reshape)
 * and resampled bilinearly (Resize, half-pixel centres; a factor 1/2 is a 2×2 average) to strides 4, 8, 16 and 32,
 * the strides the pixelwise heads are built for (a stride-2 level would hold (p/2)² times a block's tokens).
 *
 * <p><b>Embedding.</b> The class token (token 0) of the last token sequence on the main path (after the final norm,
 * where the model has one), or, with no prefix token, the mean of its patch tokens.
 */
public final class VitTokens {
    /** The name recorded in encoder.json. */
    public static final String RULE = "vit-tokens";
    /** The levels' strides, finest first. */
    public static final List<Integer> STRIDES = List.of(4, 8, 16, 32);
    /** Patch sizes tried when no patch-embedding map shows the grid. */
    private static final List<Integer> PATCH_SIZES = List.of(16, 14, 8, 32);
    private static final int MAX_PREFIX = 16;
    /** Slice, Reshape with inputs, Resize with scales: opset 11 or later. */
    private static final int MIN_OPSET = 11;
    private static final String PREFIX = "repbench/";

    private VitTokens() {}

    /** A residual unit on the main path: its output's position there, whether its branch attends. */
    private record Unit(int position, boolean attention) {}

    /**
     * The pyramid of a ViT, if {@code model} has transformer blocks on its main path.
     *
     * @param mainPath the main-path tensors, in order
     * @param probe    runs the model at its declared size
     * @param file     named in messages
     * @throws OnnxModelException if the blocks are there but the model's opset is too old for the added operators
     */
    public static Optional<FeaturePyramid> find(ModelProto model, List<String> mainPath, ShapeProbe probe, long height,
                                                long width, Path file) {
        GraphIndex graph = new GraphIndex(model.getGraph());
        List<Unit> units = residualUnits(graph, mainPath);
        List<Integer> blocks = blockOutputs(units);
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        Map<String, long[]> shapes = probe.shapes(model, mainPath, height, width);
        long[] tokens = shapes.get(mainPath.get(blocks.getFirst()));
        if (tokens.length != 3 || blocks.stream().anyMatch(b -> !sameTokens(shapes.get(mainPath.get(b)), tokens))) {
            return Optional.empty();
        }
        int firstUnit = units.stream().filter(Unit::attention).findFirst().orElseThrow().position();
        Optional<Grid> grid = grid(mainPath.subList(0, firstUnit), shapes, tokens[1], height, width);
        if (grid.isEmpty()) {
            return Optional.empty();
        }
        int opset = defaultOpset(model);
        if (opset < MIN_OPSET) {
            throw new OnnxModelException(file + " has transformer blocks but opset " + opset + ": RepBench turns tokens into"
                    + " maps with Slice and Resize, which need opset " + MIN_OPSET + " or later; re-export it with"
                    + " torch.onnx.export(..., opset_version=17)");
        }
        String last = lastTokens(mainPath, shapes, tokens);
        return Optional.of(build(model, mainPath, blocks, grid.get(), tokens[2], last, opset));
    }

    /**
     * The patch grid.
     *
     * @param prefix tokens before the patches
     * @param rows   h
     * @param cols   w
     * @param patch  p, the stride of the tokens
     */
    private record Grid(long prefix, long rows, long cols, int patch) {}

    private static List<Unit> residualUnits(GraphIndex graph, List<String> mainPath) {
        List<Unit> units = new ArrayList<>();
        for (int i = 1; i < mainPath.size(); i++) {
            int producer = graph.producer(mainPath.get(i)).orElseThrow();
            NodeProto node = graph.node(producer);
            if (!node.getOpType().equals("Add") || !node.getInputList().contains(mainPath.get(i - 1))) {
                continue;
            }
            int from = graph.producer(mainPath.get(i - 1)).orElse(-1);
            boolean attention = false;
            for (int n = from + 1; n < producer && !attention; n++) {
                attention = graph.node(n).getOpType().equals("Softmax");
            }
            units.add(new Unit(i, attention));
        }
        return units;
    }

    /** Main-path positions of each block's output: the last of the run of units an attention unit begins. */
    private static List<Integer> blockOutputs(List<Unit> units) {
        List<Integer> outputs = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            if (!units.get(u).attention()) {
                continue;
            }
            int end = u;
            while (end + 1 < units.size() && !units.get(end + 1).attention()
                    && units.get(end + 1).position() == units.get(end).position() + 1) {
                end++;
            }
            outputs.add(units.get(end).position());
        }
        return outputs;
    }

    private static boolean sameTokens(long[] shape, long[] tokens) {
        return shape != null && shape.length == 3 && shape[1] == tokens[1] && shape[2] == tokens[2];
    }

    private static Optional<Grid> grid(List<String> beforeBlocks, Map<String, long[]> shapes, long tokens, long height,
                                       long width) {
        for (int i = beforeBlocks.size() - 1; i >= 0; i--) {
            long[] shape = shapes.get(beforeBlocks.get(i));
            if (shape != null && shape.length == 4 && shape[2] * shape[3] <= tokens && height % shape[2] == 0
                    && width % shape[3] == 0 && height / shape[2] == width / shape[3]) {
                return Optional.of(new Grid(tokens - shape[2] * shape[3], shape[2], shape[3],
                        Math.toIntExact(height / shape[2])));
            }
        }
        for (int p : PATCH_SIZES) {
            if (height % p == 0 && width % p == 0) {
                long prefix = tokens - (height / p) * (width / p);
                if (prefix >= 0 && prefix <= MAX_PREFIX) {
                    return Optional.of(new Grid(prefix, height / p, width / p, p));
                }
            }
        }
        return Optional.empty();
    }

    /** The last main-path tensor with the blocks' token shape: the final norm's output, or the last block's. */
    private static String lastTokens(List<String> mainPath, Map<String, long[]> shapes, long[] tokens) {
        String last = null;
        for (String tensor : mainPath) {
            if (sameTokens(shapes.get(tensor), tokens)) {
                last = tensor;
            }
        }
        return last;
    }

    private static FeaturePyramid build(ModelProto model, List<String> mainPath, List<Integer> blocks, Grid grid,
                                        long dim, String lastTokens, int opset) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        List<FeaturePyramid.Level> levels = new ArrayList<>();
        List<Integer> chosen = new ArrayList<>();
        for (int k = 1; k <= STRIDES.size(); k++) {
            int block = Math.max(1, Math.round((float) k * blocks.size() / STRIDES.size()));
            chosen.add(block);
            String source = mainPath.get(blocks.get(block - 1));
            int stride = STRIDES.get(k - 1);
            String name = PREFIX + "level" + k;
            String map = tokenMap(graph, source, grid, dim, name);
            if (stride != grid.patch()) {
                map = resize(graph, map, (float) grid.patch() / stride, name);
            }
            levels.add(new FeaturePyramid.Level(map, source, dim, stride));
        }
        FeaturePyramid.Embedding embedding = embedding(graph, lastTokens, grid, opset);
        String summary = "a transformer of " + blocks.size() + " blocks on a " + grid.rows() + "×" + grid.cols()
                + " grid of " + grid.patch() + "-pixel patches (" + grid.prefix() + " prefix token"
                + (grid.prefix() == 1 ? "" : "s") + "): blocks " + chosen + " as maps at strides " + STRIDES
                + ", embedding the " + embedding.kind();
        return new FeaturePyramid(RULE, model.toBuilder().setGraph(graph).build(), levels, embedding, summary);
    }

    /** {@code [N, P + h·w, D]} → patch tokens {@code [N, h·w, D]} → {@code [N, D, h·w]} → {@code [N, D, h, w]}. */
    private static String tokenMap(GraphProto.Builder graph, String tokens, Grid grid, long dim, String name) {
        String patches = name + "/patches";
        graph.addInitializer(int64(patches + "/starts", grid.prefix()));
        graph.addInitializer(int64(patches + "/ends", Long.MAX_VALUE));
        graph.addInitializer(int64(patches + "/axes", 1));
        graph.addNode(node("Slice", patches, List.of(tokens, patches + "/starts", patches + "/ends", patches + "/axes")));
        String transposed = name + "/channels-first";
        graph.addNode(node("Transpose", transposed, List.of(patches))
                .addAttribute(ints("perm", 0, 2, 1)));
        String map = name + "/map";
        // 0 keeps the batch size as it comes (Reshape's allowzero = 0), so the batch axis stays dynamic
        graph.addInitializer(int64(map + "/shape", 0, dim, grid.rows(), grid.cols()));
        graph.addNode(node("Reshape", map, List.of(transposed, map + "/shape")));
        return map;
    }

    /** Bilinear resampling by {@code scale} with half-pixel centres, PyTorch's {@code align_corners=False}. */
    private static String resize(GraphProto.Builder graph, String map, float scale, String name) {
        String resized = name + "/resized";
        graph.addInitializer(float32(resized + "/roi"));
        graph.addInitializer(float32(resized + "/scales", 1, 1, scale, scale));
        graph.addNode(node("Resize", resized, List.of(map, resized + "/roi", resized + "/scales"))
                .addAttribute(string("mode", "linear"))
                .addAttribute(string("coordinate_transformation_mode", "half_pixel")));
        return resized;
    }

    private static FeaturePyramid.Embedding embedding(GraphProto.Builder graph, String tokens, Grid grid, int opset) {
        String name = PREFIX + "embedding";
        if (grid.prefix() > 0) {
            graph.addInitializer(int64(name + "/index", 0).toBuilder().clearDims().build()); // a scalar index drops the axis
            graph.addNode(node("Gather", name, List.of(tokens, name + "/index"))
                    .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)));
            return new FeaturePyramid.Embedding(name, tokens, FeaturePyramid.Embedding.CLASS_TOKEN);
        }
        NodeProto.Builder mean = node("ReduceMean", name, new ArrayList<>(List.of(tokens)))
                .addAttribute(AttributeProto.newBuilder().setName("keepdims").setType(AttributeProto.AttributeType.INT).setI(0));
        if (opset >= 18) { // axes became an input
            graph.addInitializer(int64(name + "/axes", 1));
            mean.addInput(name + "/axes");
        } else {
            mean.addAttribute(ints("axes", 1));
        }
        graph.addNode(mean);
        return new FeaturePyramid.Embedding(name, tokens, FeaturePyramid.Embedding.PATCH_MEAN);
    }

    private static int defaultOpset(ModelProto model) {
        return model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToInt(o -> Math.toIntExact(o.getVersion())).findFirst().orElse(0);
    }

    private static NodeProto.Builder node(String op, String output, List<String> inputs) {
        return NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output);
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    private static TensorProto int64(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    private static TensorProto float32(String name, float... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addDims(values.length);
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }
}
