package dev.repbench.torch.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.torch.GradMode;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ResNet;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exports a module in eval mode to an ONNX model (opset {@value OnnxGraph#OPSET}) with one float32 input
 * {@value #INPUT} {@code [N, 3, H, W]} whose batch and spatial sizes are symbolic, so one file serves any batch
 * and image size.
 *
 * <p>A {@link ResNet} gives the encoder-file outputs: {@value #EMBEDDING} {@code [N, D]} and {@code block1}…
 * {@code block5} {@code [N, C, H/s, W/s]} (and {@value #LOGITS} when asked and the model has a classifier). Any
 * other module gives its one result as {@value #OUTPUT}; a {@link Backbone} of another architecture writes its own
 * outputs through {@link OnnxExportable}. The graph is named after a backbone's architecture. Each module is written by its exporter in
 * {@link ModuleExporters}; initializers carry the state-dict names.
 *
 * <p>A model in training mode is refused: its batch norms normalise with each batch's statistics, which an
 * inference graph does not reproduce, so exporting it would silently change its outputs.
 */
public final class OnnxExporter {
    /** The image input. */
    public static final String INPUT = "image";
    /** The pooled embedding output. */
    public static final String EMBEDDING = "embedding";
    /** The classifier output, present only when asked for. */
    public static final String LOGITS = "logits";
    /** The output of a module that declares no named outputs of its own. */
    public static final String OUTPUT = "output";
    /** The symbols of the input's dynamic dimensions. */
    public static final String BATCH = "N", HEIGHT = "H", WIDTH = "W";
    /** The image channels (RGB). */
    public static final long CHANNELS = 3;

    private final ModuleExporters exporters;

    /** An exporter with the {@link ModuleExporters#builtIn() built-in} module exporters. */
    public OnnxExporter() {
        this(ModuleExporters.builtIn());
    }

    public OnnxExporter(ModuleExporters exporters) {
        this.exporters = Objects.requireNonNull(exporters, "exporters");
    }

    /** {@code block1} … {@code block5}. */
    public static String blockName(int block) {
        return "block" + block;
    }

    /** The symbol of a size {@code stride} times smaller than {@code symbol}: {@code H}, {@code H/2}, … */
    public static String scaled(String symbol, long stride) {
        return stride == 1 ? symbol : symbol + "/" + stride;
    }

    /** The input's declared shape {@code [N, 3, H, W]}. */
    public static List<Dimension> inputShape() {
        return List.of(Dimension.symbol(BATCH), Dimension.of(CHANNELS), Dimension.symbol(HEIGHT), Dimension.symbol(WIDTH));
    }

    /**
     * Exports {@code module}, which must be in eval mode, with every descendant.
     *
     * @throws OnnxExportException if a module is in training mode, has no exporter, or cannot give what
     *                             {@code options} asks for
     */
    public ModelProto export(Module module, ExportOptions options) {
        refuseTrainingMode(module, "");
        String graphName = module instanceof Backbone backbone ? backbone.architecture() : module.getClass().getSimpleName();
        OnnxGraph graph = new OnnxGraph(graphName);
        String input = graph.input(INPUT, inputShape());
        // Reading the parameters needs no autograd; nothing here should ever record a graph.
        try (GradMode off = GradMode.disabled()) {
            String result = exporters.export(module, input, new ExportContext(graph, exporters, options, module, ""));
            if (!graph.isOutput(result)) {
                graph.identity(result, OUTPUT);
                graph.output(OUTPUT, null);
            }
        }
        return graph.model(options.producerVersion(), options.metadata());
    }

    /** Exports with {@link ExportOptions#defaults()}. */
    public ModelProto export(Module module) {
        return export(module, ExportOptions.defaults());
    }

    private static void refuseTrainingMode(Module module, String path) {
        if (module.isTraining()) {
            throw new OnnxExportException("cannot export " + module.getClass().getSimpleName()
                    + (path.isEmpty() ? "" : " (its module '" + path + "')") + " in training mode: call eval() first."
                    + " Batch norm in training mode normalises with each batch's statistics; the exported graph uses"
                    + " the running statistics, so it would not compute what the model computes now");
        }
        for (Map.Entry<String, Module> child : module.children().entrySet()) {
            refuseTrainingMode(child.getValue(), path.isEmpty() ? child.getKey() : path + "." + child.getKey());
        }
    }
}
