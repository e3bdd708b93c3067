package dev.repbench.torch.onnx;

/**
 * A module that writes its own ONNX nodes: the door for third-party modules (a plugin's layer implements this
 * and exports with no registration). Built-in modules keep their exporters in {@link ModuleExporters} instead,
 * so {@code nn} stays free of ONNX.
 */
public interface OnnxExportable {
    /**
     * Adds this module's computation to {@code context}'s graph.
     *
     * @param input   the name of the value this module reads
     * @param context the graph, this module's state-dict path, and a way to export its children
     * @return the name of the value this module produces
     */
    String exportOnnx(String input, ExportContext context);
}
