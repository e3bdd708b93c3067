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
import java.util.Arrays;
import java.util.Collections;
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
 *
 * <p><b>Named by hand.</b> Where detection cannot read a model, or other blocks are wanted, {@link #named} builds the
 * same operators on token tensors an encoder.json names ({@link NamedTokens}): 2 to 4 blocks, the prefix and the
 * patch size or grid given, the embedding from the last named tensor.
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
        int opset = requireOpset(model, file);
        List<Integer> chosen = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (int k = 1; k <= STRIDES.size(); k++) {
            int block = Math.max(1, Math.round((float) k * blocks.size() / STRIDES.size()));
            chosen.add(block);
            sources.add(mainPath.get(blocks.get(block - 1)));
        }
        List<Long> dims = Collections.nCopies(sources.size(), tokens[2]);
        String kind = grid.get().prefix() > 0 ? FeaturePyramid.Embedding.CLASS_TOKEN : FeaturePyramid.Embedding.PATCH_MEAN;
        return Optional.of(build(model, sources, dims, grid.get(), lastTokens(mainPath, shapes, tokens), kind, opset,
                "a transformer of " + blocks.size() + " blocks", "blocks " + chosen));
    }

    /**
     * The pyramid of token tensors named in {@code json}: block k's map from {@code tokens.blocks()}'s k-th tensor,
     * the N named blocks at the N coarsest of {@link #STRIDES} (all four for four, as detection gives; 16 and 32 for
     * two), the embedding from the last named tensor.
     *
     * @param embeddingNamed whether encoder.json names the embedding tensor itself (outputs.embedding): then none is
     *                       made here
     * @param file           the model, named in messages
     * @param json           the encoder.json, named in messages as the file to correct
     * @throws OnnxModelException naming {@code json} and the fix when a tensor is not tokens {@code [N, T, D]}, the
     *                            patch grid does not fit the input size, or prefix and grid do not add up to T
     */
    public static FeaturePyramid named(ModelProto model, NamedTokens tokens, boolean embeddingNamed, ShapeProbe probe,
                                       long height, long width, Path file, Path json) {
        Grid grid = namedGrid(tokens, height, width, json);
        Map<String, long[]> shapes = probe.shapes(model, tokens.blocks(), height, width);
        List<Long> dims = new ArrayList<>();
        for (int i = 0; i < tokens.blocks().size(); i++) {
            String tensor = tokens.blocks().get(i);
            long[] shape = shapes.get(tensor);
            String field = "tokens.blocks[" + i + "]";
            if (shape.length != 3) {
                throw new OnnxModelException(json + " names '" + tensor + "' as " + field + ", but in " + file + " it has shape "
                        + Arrays.toString(shape) + ", not tokens [N, T, D]: name the output of a transformer block there"
                        + " (feature maps [N, C, H, W] go in outputs.block1, … instead)");
            }
            long patches = grid.rows() * grid.cols();
            if (grid.prefix() + patches != shape[1]) {
                throw new OnnxModelException(json + ": '" + tensor + "' (" + field + ") has " + shape[1] + " tokens, but"
                        + " tokens.prefixTokens " + grid.prefix() + " + a " + grid.rows() + "×" + grid.cols() + " patch grid"
                        + " (" + grid.patch() + "-pixel patches of the " + height + "×" + width + " input) make "
                        + (grid.prefix() + patches) + ": correct tokens.prefixTokens"
                        + (shape[1] >= patches ? " (" + (shape[1] - patches) + " fits this grid)" : "")
                        + " or the patch size in " + json.getFileName());
            }
            dims.add(shape[2]);
        }
        String kind = embeddingNamed ? null
                : NamedTokens.CLASS_TOKEN.equals(tokens.embedding()) ? FeaturePyramid.Embedding.CLASS_TOKEN
                : NamedTokens.MEAN_PATCH_TOKENS.equals(tokens.embedding()) ? FeaturePyramid.Embedding.PATCH_MEAN
                : grid.prefix() > 0 ? FeaturePyramid.Embedding.CLASS_TOKEN : FeaturePyramid.Embedding.PATCH_MEAN;
        int opset = requireOpset(model, file);
        return build(model, tokens.blocks(), dims, grid, tokens.blocks().getLast(), kind, opset,
                "the " + tokens.blocks().size() + " token tensors encoder.json names", "tokens.blocks");
    }

    /** The grid {@code tokens} gives, checked against the input size. */
    private static Grid namedGrid(NamedTokens tokens, long height, long width, Path json) {
        if (tokens.patchSize() != null) {
            int p = tokens.patchSize();
            if (height % p != 0 || width % p != 0) {
                throw new OnnxModelException(json + ": tokens.patchSize " + p + " does not divide the " + height + "×" + width
                        + " input: give the patch size the model was made with, or an input size it divides"
                        + " (preprocessing.inputSize or --input-size)");
            }
            return new Grid(tokens.prefixTokens(), height / p, width / p, p);
        }
        long rows = tokens.patchGrid().get(0);
        long cols = tokens.patchGrid().get(1);
        if (height % rows != 0 || width % cols != 0 || height / rows != width / cols) {
            throw new OnnxModelException(json + ": tokens.patchGrid " + tokens.patchGrid() + " does not cut the " + height
                    + "×" + width + " input into square patches: give the grid the model makes at this size, or the"
                    + " input size it was made for (preprocessing.inputSize or --input-size)");
        }
        return new Grid(tokens.prefixTokens(), rows, cols, Math.toIntExact(height / rows));
    }

    /** The model's opset, refused when too old for the operators the maps need. */
    private static int requireOpset(ModelProto model, Path file) {
        int opset = defaultOpset(model);
        if (opset < MIN_OPSET) {
            throw new OnnxModelException(file + " has transformer blocks but opset " + opset + ": RepBench turns tokens into"
                    + " maps with Slice and Resize, which need opset " + MIN_OPSET + " or later; re-export it with"
                    + " torch.onnx.export(..., opset_version=17)");
        }
        return opset;
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

    /**
     * Levels from {@code sources} (earliest first) at the coarsest {@code sources.size()} of {@link #STRIDES}, and the
     * embedding of {@code kind} (null: none) from {@code embeddingTokens}.
     *
     * @param dims  D of each source
     * @param found what the tokens are, for the summary
     * @param chosen which of them became levels, for the summary
     */
    private static FeaturePyramid build(ModelProto model, List<String> sources, List<Long> dims, Grid grid,
                                        String embeddingTokens, String kind, int opset, String found, String chosen) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        List<Integer> strides = STRIDES.subList(STRIDES.size() - sources.size(), STRIDES.size());
        List<FeaturePyramid.Level> levels = new ArrayList<>();
        for (int k = 0; k < sources.size(); k++) {
            int stride = strides.get(k);
            String name = PREFIX + "level" + (k + 1);
            String map = tokenMap(graph, sources.get(k), grid, dims.get(k), name);
            if (stride != grid.patch()) {
                map = resize(graph, map, (float) grid.patch() / stride, name);
            }
            levels.add(new FeaturePyramid.Level(map, sources.get(k), dims.get(k), stride));
        }
        FeaturePyramid.Embedding embedding = kind == null ? null : embedding(graph, embeddingTokens, grid, kind, opset);
        String summary = found + " on a " + grid.rows() + "×" + grid.cols() + " grid of " + grid.patch()
                + "-pixel patches (" + grid.prefix() + " prefix token" + (grid.prefix() == 1 ? "" : "s") + "): " + chosen
                + " as maps at strides " + strides + (embedding == null ? "" : ", embedding the " + embedding.kind());
        return new FeaturePyramid(RULE, model.toBuilder().setGraph(graph).build(), levels, embedding,
                Math.toIntExact(grid.prefix()), summary);
    }

    /** {@code [N, P + h·w, D]} → patch tokens {@code [N, h·w, D]} → {@code [N, D, h·w]} → {@code [N, D, h, w]}. */
    private static String tokenMap(GraphProto.Builder graph, String tokens, Grid grid, long dim, String name) {
        String patches = patchTokens(graph, tokens, grid, name);
        String transposed = name + "/channels-first";
        graph.addNode(node("Transpose", transposed, List.of(patches))
                .addAttribute(ints("perm", 0, 2, 1)));
        String map = name + "/map";
        // 0 keeps the batch size as it comes (Reshape's allowzero = 0), so the batch axis stays dynamic
        graph.addInitializer(int64(map + "/shape", 0, dim, grid.rows(), grid.cols()));
        graph.addNode(node("Reshape", map, List.of(transposed, map + "/shape")));
        return map;
    }

    /** {@code [N, P + h·w, D]} → the patch tokens {@code [N, h·w, D]}, the prefix sliced off. */
    private static String patchTokens(GraphProto.Builder graph, String tokens, Grid grid, String name) {
        String patches = name + "/patches";
        graph.addInitializer(int64(patches + "/starts", grid.prefix()));
        graph.addInitializer(int64(patches + "/ends", Long.MAX_VALUE));
        graph.addInitializer(int64(patches + "/axes", 1));
        graph.addNode(node("Slice", patches, List.of(tokens, patches + "/starts", patches + "/ends", patches + "/axes")));
        return patches;
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

    /** Token 0 of {@code tokens} ({@code kind} class token) or the mean of its patch tokens. */
    private static FeaturePyramid.Embedding embedding(GraphProto.Builder graph, String tokens, Grid grid, String kind,
                                                      int opset) {
        String name = PREFIX + "embedding";
        if (kind.equals(FeaturePyramid.Embedding.CLASS_TOKEN)) {
            graph.addInitializer(int64(name + "/index", 0).toBuilder().clearDims().build()); // a scalar index drops the axis
            graph.addNode(node("Gather", name, List.of(tokens, name + "/index"))
                    .addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(1)));
            return new FeaturePyramid.Embedding(name, tokens, kind);
        }
        String patches = grid.prefix() == 0 ? tokens : patchTokens(graph, tokens, grid, name);
        NodeProto.Builder mean = node("ReduceMean", name, new ArrayList<>(List.of(patches)))
                .addAttribute(AttributeProto.newBuilder().setName("keepdims").setType(AttributeProto.AttributeType.INT).setI(0));
        if (opset >= 18) { // axes became an input
            graph.addInitializer(int64(name + "/axes", 1));
            mean.addInput(name + "/axes");
        } else {
            mean.addAttribute(ints("axes", 1));
        }
        graph.addNode(mean);
        return new FeaturePyramid.Embedding(name, tokens, kind);
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
