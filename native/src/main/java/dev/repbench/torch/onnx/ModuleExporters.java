package dev.repbench.torch.onnx;

import dev.repbench.torch.nn.BasicBlock;
import dev.repbench.torch.nn.BatchNorm2d;
import dev.repbench.torch.nn.Bottleneck;
import dev.repbench.torch.nn.Conv2d;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.nn.Sequential;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which {@link ModuleExporter} writes which module class: an immutable registry. {@link #builtIn()} covers
 * RepBench's layers and ResNets; {@link #with} adds or replaces one for a class the caller cannot change (a
 * third party's module can instead implement {@link OnnxExportable}).
 *
 * <p>Lookup: a module that implements {@link OnnxExportable} exports itself; otherwise the exporter registered
 * for its class, else for its nearest registered superclass; otherwise export fails naming the class and its
 * path in the model.
 */
public final class ModuleExporters {
    private final Map<Class<?>, ModuleExporter<?>> byClass;

    private ModuleExporters(Map<Class<?>, ModuleExporter<?>> byClass) {
        this.byClass = Map.copyOf(byClass);
    }

    /** No exporters: only {@link OnnxExportable} modules export. */
    public static ModuleExporters empty() {
        return new ModuleExporters(Map.of());
    }

    /** Exporters for Conv2d, BatchNorm2d, Linear, Sequential, BasicBlock, Bottleneck and ResNet. */
    public static ModuleExporters builtIn() {
        return empty()
                .with(Conv2d.class, BuiltInExporters::conv2d)
                .with(BatchNorm2d.class, BuiltInExporters::batchNorm2d)
                .with(Linear.class, BuiltInExporters::linear)
                .with(Sequential.class, BuiltInExporters::sequential)
                .with(BasicBlock.class, BuiltInExporters::basicBlock)
                .with(Bottleneck.class, BuiltInExporters::bottleneck)
                .with(ResNet.class, BuiltInExporters::resNet);
    }

    /** A registry like this one with {@code exporter} for {@code type} (replacing any earlier one). */
    public <M extends Module> ModuleExporters with(Class<M> type, ModuleExporter<? super M> exporter) {
        Map<Class<?>, ModuleExporter<?>> copy = new LinkedHashMap<>(byClass);
        copy.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(exporter, "exporter"));
        return new ModuleExporters(copy);
    }

    /** Whether {@code module} can be exported at its top level (its children are checked when they are reached). */
    public boolean canExport(Module module) {
        return module instanceof OnnxExportable || find(module.getClass()) != null;
    }

    /** Exports {@code module}, positioned in {@code context}, on {@code input}. */
    String export(Module module, String input, ExportContext context) {
        if (module instanceof OnnxExportable self) {
            return self.exportOnnx(input, context);
        }
        ModuleExporter<Module> exporter = find(module.getClass());
        if (exporter == null) {
            throw new OnnxExportException("no ONNX exporter for " + module.getClass().getName()
                    + (context.path().isEmpty() ? "" : " (at '" + context.path() + "')")
                    + ": implement dev.repbench.torch.onnx.OnnxExportable on it, or register one with ModuleExporters.with");
        }
        return exporter.export(module, input, context);
    }

    @SuppressWarnings("unchecked") // with() pairs each class with an exporter of that class or a supertype
    private ModuleExporter<Module> find(Class<?> type) {
        for (Class<?> c = type; c != null && Module.class.isAssignableFrom(c); c = c.getSuperclass()) {
            ModuleExporter<?> exporter = byClass.get(c);
            if (exporter != null) {
                return (ModuleExporter<Module>) exporter;
            }
        }
        return null;
    }
}
