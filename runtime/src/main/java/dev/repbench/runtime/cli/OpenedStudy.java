package dev.repbench.runtime.cli;

import dev.repbench.api.SpiVersion;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.runtime.plugin.LoadedProvider;
import dev.repbench.runtime.plugin.PluginProblem;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.PluginSource;
import dev.repbench.runtime.study.cell.CellPlan;
import dev.repbench.runtime.study.run.RunManifest;
import dev.repbench.runtime.study.spec.RegistryCatalog;
import dev.repbench.runtime.study.spec.SpecDocument;
import dev.repbench.runtime.study.spec.SpecException;
import dev.repbench.runtime.study.spec.SpecLoader;
import dev.repbench.runtime.study.spec.StudySpec;
import dev.repbench.runtime.version.BuildInfo;
import dev.repbench.torch.Torch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A spec file validated against the plugins it names, with its cells: what {@code run} and {@code status} start
 * from. Holds the plugin registry open until closed.
 *
 * @param spec     the validated study
 * @param plan     its cells
 * @param registry its plugins
 */
record OpenedStudy(StudySpec spec, CellPlan plan, PluginRegistry registry) implements AutoCloseable {

    /**
     * Reads, validates and expands a spec file; plugin warnings go to {@code err}.
     *
     * @throws SpecException with every problem of the file
     */
    static OpenedStudy open(Path file, PrintWriter err) {
        return open(file, err, null);
    }

    /** As {@link #open(Path, PrintWriter)}, computing with {@code threads} instead of the spec's if not null. */
    static OpenedStudy open(Path file, PrintWriter err, Integer threads) {
        SpecDocument document = SpecDocument.read(file);
        PluginRegistry registry = PluginRegistry.load(OpenedStudy.class.getClassLoader(), document.pluginsFolder());
        try {
            for (PluginProblem problem : registry.problems()) {
                err.println("warning: " + problem.message());
            }
            StudySpec loaded = SpecLoader.load(document, new RegistryCatalog(registry));
            StudySpec spec = threads == null ? loaded : loaded.withThreads(threads);
            return new OpenedStudy(spec, CellPlan.of(spec), registry);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** Prints a spec's problems one per line, as editors read them; returns the usage exit code. */
    static int report(SpecException e, PrintWriter err) {
        err.println("repbench: " + e.problems().size() + " problem(s) in the run spec, nothing was run:");
        e.problems().forEach(p -> err.println("  " + p));
        err.flush();
        return ErrorReporter.USAGE;
    }

    /** @return the versions and plugins recorded in the manifest */
    RunManifest.Software software() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("repbench", BuildInfo.version());
        versions.put("spi", SpiVersion.CURRENT.toString());
        versions.put("java", System.getProperty("java.runtime.version", Runtime.version().toString()) + " ("
                + System.getProperty("java.vendor", "unknown vendor") + ")");
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        versions.put("onnxruntime", safely(OnnxEngine::version));
        versions.put("libtorch", safely(Torch::version));
        List<Map<String, String>> plugins = new ArrayList<>();
        registry.algorithms().forEach(a -> plugins.add(entry("algorithm", a)));
        registry.tasks().forEach(t -> plugins.add(entry("task", t)));
        return new RunManifest.Software(versions, plugins);
    }

    private static Map<String, String> entry(String kind, LoadedProvider<?> provider) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("kind", kind);
        e.put("name", provider.name());
        e.put("class", provider.provider().getClass().getName());
        e.put("source", provider.source().toString());
        e.put("spiVersion", provider.spiVersion().toString());
        if (provider.source() instanceof PluginSource.Jar jar) {
            e.put("jarSha256", safely(() -> EncoderFiles.sha256Of(jar.path())));
        }
        return e;
    }

    private static String safely(Callable<String> version) {
        try {
            return version.call();
        } catch (Exception | LinkageError e) {
            return "unavailable: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        registry.close();
    }
}
