package dev.repbench.runtime.study;

import dev.repbench.api.Precision;
import dev.repbench.api.SpiVersion;
import dev.repbench.runtime.features.session.OnnxEngine;
import dev.repbench.runtime.io.Sha256;
import dev.repbench.runtime.plugin.LoadedProvider;
import dev.repbench.runtime.plugin.PluginProblem;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.PluginSource;
import dev.repbench.runtime.study.cell.CellPlan;
import dev.repbench.runtime.study.run.RunManifest;
import dev.repbench.runtime.study.spec.EncoderSource;
import dev.repbench.runtime.study.spec.RegistryCatalog;
import dev.repbench.runtime.study.spec.SpecDocument;
import dev.repbench.runtime.study.spec.SpecException;
import dev.repbench.runtime.study.spec.SpecLoader;
import dev.repbench.runtime.study.spec.StudySpec;
import dev.repbench.runtime.version.BuildInfo;
import dev.repbench.runtime.version.Processor;
import dev.repbench.torch.Torch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A spec file validated against the plugins it names, with its cells: what running a study, its status and its
 * submission to a cluster start from. Holds the plugin registry open until closed.
 *
 * @param spec     the validated study
 * @param plan     its cells
 * @param registry its plugins
 */
public record OpenedStudy(StudySpec spec, CellPlan plan, PluginRegistry registry) implements AutoCloseable {

    /**
     * Reads, validates and expands a spec file.
     *
     * @param file     the spec
     * @param warnings told each plugin problem (a broken jar does not stop the others)
     * @throws SpecException with every problem of the file
     */
    public static OpenedStudy open(Path file, Consumer<String> warnings) {
        return open(file, warnings, null);
    }

    /**
     * As {@link #open(Path, Consumer)}, computing with {@code threads} instead of the spec's when not null (a Slurm
     * task passes the CPUs it was given).
     */
    public static OpenedStudy open(Path file, Consumer<String> warnings, Integer threads) {
        return open(file, warnings, threads, null);
    }

    /**
     * As {@link #open(Path, Consumer, Integer)}, also training in {@code precision} instead of the spec's when not null
     * ({@code repbench run --precision}).
     */
    public static OpenedStudy open(Path file, Consumer<String> warnings, Integer threads, Precision precision) {
        SpecDocument document = SpecDocument.read(file);
        PluginRegistry registry = PluginRegistry.load(OpenedStudy.class.getClassLoader(), document.pluginsFolder());
        try {
            for (PluginProblem problem : registry.problems()) {
                warnings.accept(problem.message());
            }
            StudySpec loaded = SpecLoader.load(document, new RegistryCatalog(registry));
            StudySpec withThreads = threads == null ? loaded : loaded.withThreads(threads);
            StudySpec spec = precision == null ? withThreads : withThreads.withPrecision(precision);
            deprecatedNames(spec, registry).forEach(warnings);
            return new OpenedStudy(spec, CellPlan.of(spec), registry);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    /** Config names a pretraining encoder sets under a name renamed since (still read, with a note what to write). */
    private static List<String> deprecatedNames(StudySpec spec, PluginRegistry registry) {
        List<String> notes = new ArrayList<>();
        spec.encoders().forEach((name, source) -> {
            if (source instanceof EncoderSource.Pretrain p) {
                registry.algorithm(p.algorithm()).ifPresent(a -> a.provider().defaultConfig()
                        .deprecationNotes(p.overrides().keySet())
                        .forEach(note -> notes.add(spec.file() + ": encoders." + name + ".pretrain.set: " + note)));
            }
        });
        return notes;
    }

    /** @return the versions and plugins recorded in the manifest */
    public RunManifest.Software software() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("repbench", BuildInfo.version());
        versions.put("spi", SpiVersion.CURRENT.toString());
        versions.put("java", System.getProperty("java.runtime.version", Runtime.version().toString()) + " ("
                + System.getProperty("java.vendor", "unknown vendor") + ")");
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        versions.put("onnxruntime", safely(OnnxEngine::version));
        versions.put("libtorch", safely(Torch::version));
        // OpenBLAS and the kernels it runs, which decide a float32 head's last bits (docs/run-spec.md)
        versions.put("blas", safely(Torch::blas));
        // the CPU kernels, so the scores, differ between processors of other instruction sets (docs/run-spec.md)
        versions.put("cpu", Processor.describe() + "; bf16 instructions: " + safely(() -> Torch.cpuBf16Features().isEmpty()
                ? "none (bf16 training falls back to fp32)" : String.join(", ", Torch.cpuBf16Features())));
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
            e.put("jarSha256", safely(() -> Sha256.ofFile(jar.path())));
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
