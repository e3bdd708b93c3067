package dev.repbench.torch.onnx;

import dev.repbench.api.Device;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.onnx.OnnxGraph.Attribute;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where an exporter stands while it writes one module: the graph being built, the module and its state-dict
 * path (e.g. {@code layer1.0.conv1}), the export options, and the registry that exports its children. Each
 * child gets a context of its own ({@link #exportChild}), so initializers are named exactly as the state dict
 * names the tensors and value names read like the module tree.
 */
public final class ExportContext {
    private final OnnxGraph graph;
    private final ModuleExporters exporters;
    private final ExportOptions options;
    private final Module module;
    private final String path;

    ExportContext(OnnxGraph graph, ModuleExporters exporters, ExportOptions options, Module module, String path) {
        this.graph = graph;
        this.exporters = exporters;
        this.options = options;
        this.module = module;
        this.path = path;
    }

    /** The graph being built, for anything the helpers here do not cover. */
    public OnnxGraph graph() {
        return graph;
    }

    public ExportOptions options() {
        return options;
    }

    /** The module this context is positioned at. */
    public Module module() {
        return module;
    }

    /** The module's state-dict path ({@code layer1.0.conv1}); empty for the exported root. */
    public String path() {
        return path;
    }

    /** Exports the child registered under {@code name} on {@code input}; returns the value it produces. */
    public String exportChild(String name, String input) {
        Module child = module.children().get(name);
        if (child == null) {
            throw new OnnxExportException(describe() + " has no child '" + name + "' (it has " + module.children().keySet() + ")");
        }
        return exporters.export(child, input, new ExportContext(graph, exporters, options, child, qualified(name)));
    }

    /** Whether the module has a child named {@code name} (e.g. an optional {@code downsample}). */
    public boolean hasChild(String name) {
        return module.children().containsKey(name);
    }

    /**
     * A float32 initializer holding the module's own parameter or buffer {@code entry}, named by its state-dict
     * name ({@code layer1.0.conv1.weight}); returns that name.
     */
    public String initializer(String entry) {
        Tensor tensor = ownEntry(entry);
        try (Scope s = Scope.open()) {
            return graph.initializer(qualified(entry), tensor.detach().to(Device.CPU).toFloatArray(), tensor.shape());
        }
    }

    private Tensor ownEntry(String entry) {
        Map<String, Tensor> parameters = module.namedParameters();
        Tensor tensor = parameters.containsKey(entry) ? parameters.get(entry) : module.namedBuffers().get(entry);
        if (tensor == null) {
            throw new OnnxExportException(describe() + " has no parameter or buffer '" + entry + "'");
        }
        return tensor;
    }

    /**
     * Adds a node with one output, named after this module's path and {@code label} ({@code layer1.0/add});
     * returns the output's name.
     */
    public String node(String opType, List<String> inputs, String label, Attribute... attributes) {
        String preferred = path.isEmpty() ? label : path + "/" + label;
        return graph.node(opType, inputs, graph.unusedName(preferred), attributes);
    }

    /**
     * Promotes {@code value} to the graph output {@code name} with the declared {@code shape} (null: unknown),
     * through an Identity node when the names differ. Returns {@code name}.
     */
    public String output(String name, String value, List<Dimension> shape) {
        if (!value.equals(name)) {
            graph.identity(value, name);
        }
        graph.output(name, shape);
        return name;
    }

    /** The module's class and path, for messages. */
    public String describe() {
        return module.getClass().getSimpleName() + (path.isEmpty() ? " (the exported model)" : " '" + path + "'");
    }

    private String qualified(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Attribute helpers for the square 2-D windows that convolution and pooling layers use. */
    static Attribute square(String name, long value) {
        return Attribute.ints(name, value, value);
    }

    /** ONNX pads are begin and end per spatial axis: {@code [top, left, bottom, right]}. */
    static Attribute symmetricPads(long padding) {
        long[] pads = new long[4];
        Arrays.fill(pads, padding);
        return Attribute.ints("pads", pads);
    }
}
