package dev.repbench.torch.onnx;

import dev.repbench.torch.nn.Module;

/**
 * Writes the ONNX nodes of one kind of module, registered for its class in {@link ModuleExporters}.
 *
 * @param <M> the module class it exports
 */
@FunctionalInterface
public interface ModuleExporter<M extends Module> {
    /**
     * Adds {@code module}'s computation (in eval mode) to {@code context}'s graph.
     *
     * @param module  the module, the one {@code context} is positioned at
     * @param input   the name of the value the module reads
     * @param context the graph, the module's state-dict path, and a way to export its children
     * @return the name of the value the module produces
     */
    String export(M module, String input, ExportContext context);
}
