package dev.repbench.runtime.plugin;

import dev.repbench.torch.nn.arch.Architecture;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import dev.repbench.api.EndTask;
import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.Provider;
import dev.repbench.api.SpiVersion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Every pretraining algorithm, end task and encoder architecture RepBench can use, and why any other was refused.
 * The only way anything in RepBench finds them. The architectures accepted are installed as the process's
 * {@link ArchitectureRegistry} while the registry is open, so export, pretraining and spec validation know a plugin's
 * architecture by name.
 *
 * <p>Built-ins come first, through {@link ServiceLoader} over the application class loader; then
 * every {@code *.jar} directly in the plugins folder, in file-name order, each in its own class
 * loader whose parent is the application class loader. A jar must declare
 * {@value SpiVersion#MANIFEST_ATTRIBUTE} with this RepBench's SPI major. A jar that cannot be read,
 * declares another major, or whose providers fail to load is refused as a whole; a provider with an
 * invalid name, an inconsistent task description, or a name already taken (by an earlier source)
 * is refused on its own. Refusals never stop the others and are collected in {@link #problems()}.
 *
 * <p>Close the registry when done: it holds the accepted jars open.
 */
public final class PluginRegistry implements AutoCloseable {

    private final SpiVersion host;
    private final Map<String, LoadedProvider<PretrainingAlgorithm>> algorithms = new LinkedHashMap<>();
    private final Map<String, LoadedProvider<EndTask>> tasks = new LinkedHashMap<>();
    private final Map<String, LoadedProvider<Architecture>> architectures = new LinkedHashMap<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    /** Per algorithm name, the sources whose algorithm of that name was ignored because the name was taken. */
    private final Map<String, List<PluginSource>> ignoredAlgorithms = new LinkedHashMap<>();
    private final List<PluginClassLoader> openLoaders = new ArrayList<>();

    private PluginRegistry(SpiVersion host) {
        this.host = host;
    }

    /**
     * Loads the built-ins visible to {@code applicationLoader} and the jars in {@code pluginsDirectory}.
     *
     * @param applicationLoader the loader of RepBench's own class path; parent of every plugin jar's loader
     * @param pluginsDirectory  the folder holding plugin jars; a folder that does not exist holds none
     * @return the registry
     */
    public static PluginRegistry load(ClassLoader applicationLoader, Path pluginsDirectory) {
        return load(applicationLoader, pluginsDirectory, SpiVersion.CURRENT);
    }

    /** As {@link #load(ClassLoader, Path)}, against a given host SPI version (for tests of the version rule). */
    static PluginRegistry load(ClassLoader applicationLoader, Path pluginsDirectory, SpiVersion host) {
        Objects.requireNonNull(applicationLoader, "applicationLoader");
        Objects.requireNonNull(pluginsDirectory, "pluginsDirectory");
        PluginRegistry registry = new PluginRegistry(host);
        registry.loadBuiltIns(applicationLoader);
        for (Path jar : registry.jarsIn(pluginsDirectory)) {
            registry.loadJar(jar, applicationLoader);
        }
        ArchitectureRegistry.install(ArchitectureRegistry.of(registry.architectures().stream()
                .map(LoadedProvider::provider).toList()));
        return registry;
    }

    /** @return accepted algorithms, built-ins first, in load order */
    public List<LoadedProvider<PretrainingAlgorithm>> algorithms() {
        return List.copyOf(algorithms.values());
    }

    /** @return accepted tasks, built-ins first, in load order */
    public List<LoadedProvider<EndTask>> tasks() {
        return List.copyOf(tasks.values());
    }

    /** @return accepted architectures, built-ins first, in load order */
    public List<LoadedProvider<Architecture>> architectures() {
        return List.copyOf(architectures.values());
    }

    /**
     * @param name an algorithm name
     * @return the algorithm, if accepted
     */
    public Optional<LoadedProvider<PretrainingAlgorithm>> algorithm(String name) {
        return Optional.ofNullable(algorithms.get(name));
    }

    /**
     * @param name a task name
     * @return the task, if accepted
     */
    public Optional<LoadedProvider<EndTask>> task(String name) {
        return Optional.ofNullable(tasks.get(name));
    }

    /**
     * The sources that also offered an algorithm named {@code name} and were ignored, because a built-in or a jar
     * earlier in name order holds the name. A command about to run {@code name} refuses when this is not empty: the
     * user may well mean the ignored one, and training the other without a word would score the wrong algorithm.
     *
     * @param name an algorithm name
     * @return the ignored sources, in load order; empty when the name is offered once
     */
    public List<PluginSource> ignoredAlgorithmsNamed(String name) {
        return List.copyOf(ignoredAlgorithms.getOrDefault(name, List.of()));
    }

    /** @return every refusal and warning, in the order met */
    public List<PluginProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    /**
     * Closes the accepted jars' class loaders; their providers must not be used afterwards, so the process's
     * architecture registry goes back to the built-ins.
     */
    @Override
    public void close() {
        if (!openLoaders.isEmpty()) {
            ArchitectureRegistry.install(ArchitectureRegistry.builtIn());
        }
        openLoaders.forEach(PluginJar::closeQuietly);
        openLoaders.clear();
    }

    private List<Path> jarsIn(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.jar")) {
            for (Path p : stream) {
                if (Files.isRegularFile(p)) {
                    jars.add(p);
                }
            }
        } catch (IOException e) {
            problems.add(new PluginProblem(PluginSource.BUILT_IN, "cannot list plugin folder " + directory + " ("
                    + PluginJar.describe(e) + ") — check its permissions"));
        }
        jars.sort(Path::compareTo);
        return jars;
    }

    private void loadBuiltIns(ClassLoader loader) {
        loadBuiltIns(PretrainingAlgorithm.class, loader, algorithms, "algorithm");
        loadBuiltIns(EndTask.class, loader, tasks, "task");
        loadBuiltIns(Architecture.class, loader, architectures, "architecture");
    }

    private <T extends Provider> void loadBuiltIns(Class<T> service, ClassLoader loader,
                                                   Map<String, LoadedProvider<T>> into, String kind) {
        Iterator<T> it = ServiceLoader.load(service, loader).iterator();
        // ServiceLoader resumes after a failed entry on a best-effort basis; the bound stops a loop that does not advance.
        for (int attempts = 0; attempts < 10_000; attempts++) {
            T provider;
            try {
                if (!it.hasNext()) {
                    return;
                }
                provider = it.next();
                SpiVersion reported = provider.spiVersion();
                if (!reported.canRunOn(host)) {
                    problems.add(new PluginProblem(PluginSource.BUILT_IN, PluginJar.mismatch(
                            "built-in " + kind + " class " + provider.getClass().getName(), reported, host)));
                    continue;
                }
                accept(provider, PluginSource.BUILT_IN, reported, into, kind);
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                problems.add(new PluginProblem(PluginSource.BUILT_IN, "a built-in " + kind + " failed to load: "
                        + PluginJar.describe(e) + " — check RepBench's class path (a jar missing from lib/?)"));
            }
        }
    }

    private void loadJar(Path jar, ClassLoader parent) {
        PluginJar.Contents contents;
        try {
            contents = PluginJar.open(jar, parent, host);
        } catch (PluginJar.Refused refused) {
            problems.add(new PluginProblem(new PluginSource.Jar(jar), refused.getMessage()));
            return;
        }
        if (contents.isEmpty()) {
            PluginJar.closeQuietly(contents.loader());
            problems.add(new PluginProblem(contents.source(), jar + " contains no RepBench provider (no "
                    + "META-INF/services/" + PretrainingAlgorithm.class.getName() + ", "
                    + EndTask.class.getName() + " or " + Architecture.class.getName() + " entries) — skipped"));
            return;
        }
        openLoaders.add(contents.loader());
        if (contents.declared().isNewerMinorThan(host)) {
            problems.add(new PluginProblem(contents.source(), jar + " was built for RepBench SPI " + contents.declared()
                    + ", newer than this RepBench's " + host + "; it is loaded but may fail where it uses what "
                    + contents.declared() + " added — upgrade RepBench"));
        }
        contents.algorithms().forEach(a -> accept(a, contents.source(), contents.declared(), algorithms, "algorithm"));
        contents.tasks().forEach(t -> accept(t, contents.source(), contents.declared(), tasks, "task"));
        contents.architectures().forEach(a -> accept(a, contents.source(), contents.declared(), architectures, "architecture"));
    }

    private <T extends Provider> void accept(T provider, PluginSource source, SpiVersion version,
                                             Map<String, LoadedProvider<T>> into, String kind) {
        String className = provider.getClass().getName();
        String name;
        List<String> descriptionProblems;
        try {
            name = provider.name();
            descriptionProblems = provider instanceof EndTask task ? EndTask.descriptionProblems(task) : List.of();
            Objects.requireNonNull(provider.description(), "description()");
        } catch (LinkageError | RuntimeException e) {
            problems.add(new PluginProblem(source, kind + " class " + className + " from " + source
                    + " failed to describe itself: " + PluginJar.describe(e) + " — fix or rebuild the plugin"));
            return;
        }
        if (!Provider.isValidName(name)) {
            problems.add(new PluginProblem(source, kind + " class " + className + " from " + source + " has name '" + name
                    + "', not a valid id — use lower-case letters, digits, '.', '_' and '-' (at most 64)"));
            return;
        }
        if (!descriptionProblems.isEmpty()) {
            problems.add(new PluginProblem(source, kind + " '" + name + "' from " + source + " refused: "
                    + String.join("; ", descriptionProblems) + " — fix the task's description"));
            return;
        }
        LoadedProvider<T> existing = into.get(name);
        if (existing != null) {
            if (provider instanceof PretrainingAlgorithm) {
                ignoredAlgorithms.computeIfAbsent(name, n -> new ArrayList<>()).add(source);
            }
            problems.add(new PluginProblem(source, kind + " '" + name + "' from " + source
                    + " ignored: the name is already taken by the one from " + existing.source()
                    + " — rename one of them or remove one jar"));
            return;
        }
        into.put(name, new LoadedProvider<>(provider, source, version));
    }

    @Override
    public String toString() {
        return "PluginRegistry[" + algorithms.size() + " algorithms, " + tasks.size() + " tasks, " + architectures.size()
                + " architectures, " + problems.size() + " problems]";
    }
}
