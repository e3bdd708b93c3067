package dev.repbench.runtime.cli;

import dev.repbench.torch.nn.arch.Architecture;
import dev.repbench.torch.nn.arch.ArchitectureLayout;
import java.util.Set;
import java.util.stream.Collectors;
import dev.repbench.api.EndTask;
import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.runtime.plugin.LoadedProvider;
import dev.repbench.runtime.plugin.PluginProblem;
import dev.repbench.runtime.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code repbench list [algorithms|tasks|architectures]}: what the plugin registry found, with each provider's SPI
 * version and source; refusals go to stderr as warnings. Without a subcommand it lists all three.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the pretraining algorithms, end tasks and encoder architectures found on the class path and in the plugins folder.",
        subcommands = {ListCommand.Algorithms.class, ListCommand.Tasks.class, ListCommand.Architectures.class})
final class ListCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return run(spec, Set.of(Kind.values()));
    }

    /** What a listing shows. */
    private enum Kind {
        ALGORITHMS, TASKS, ARCHITECTURES
    }

    /** {@code repbench list algorithms}. */
    @Command(name = "algorithms", mixinStandardHelpOptions = true,
            description = "List pretraining algorithms; with --verbose also each one's config defaults.")
    static final class Algorithms implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec, Set.of(Kind.ALGORITHMS));
        }
    }

    /** {@code repbench list tasks}. */
    @Command(name = "tasks", mixinStandardHelpOptions = true, description = "List end tasks.")
    static final class Tasks implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec, Set.of(Kind.TASKS));
        }
    }

    /** {@code repbench list architectures}. */
    @Command(name = "architectures", mixinStandardHelpOptions = true,
            description = "List encoder architectures: names for --arch and specs, input side, blocks and embedding width.")
    static final class Architectures implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            return run(spec, Set.of(Kind.ARCHITECTURES));
        }
    }

    private static int run(CommandSpec spec, Set<Kind> kinds) {
        RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (PluginRegistry registry = root.loadPlugins()) {
            for (PluginProblem problem : registry.problems()) {
                err.println("warning: " + problem.message());
            }
            err.flush();
            String where = "on the class path or in " + root.pluginsDirectory();
            String separator = "";
            if (kinds.contains(Kind.ALGORITHMS)) {
                printAlgorithms(out, registry.algorithms(), where);
                if (root.verbose()) {
                    printDefaults(out, registry.algorithms());
                }
                separator = System.lineSeparator();
            }
            if (kinds.contains(Kind.TASKS)) {
                out.print(separator);
                printTasks(out, registry.tasks(), where);
                separator = System.lineSeparator();
            }
            if (kinds.contains(Kind.ARCHITECTURES)) {
                out.print(separator);
                printArchitectures(out, registry.architectures());
            }
            out.flush();
        }
        return 0;
    }

    private static void printAlgorithms(PrintWriter out, List<LoadedProvider<PretrainingAlgorithm>> found, String where) {
        if (found.isEmpty()) {
            out.println("No pretraining algorithms found " + where + ".");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ALGORITHM", "SPI", "SOURCE", "DESCRIPTION"));
        for (LoadedProvider<PretrainingAlgorithm> p : found) {
            rows.add(List.of(p.name(), p.spiVersion().toString(), p.source().toString(), p.provider().description()));
        }
        TextTable.print(out, rows);
    }

    /** Under {@code --verbose}: every algorithm's config defaults, the names {@code repbench pretrain --set} takes. */
    private static void printDefaults(PrintWriter out, List<LoadedProvider<PretrainingAlgorithm>> found) {
        for (LoadedProvider<PretrainingAlgorithm> p : found) {
            out.println();
            out.println(p.name() + " defaults:");
            p.provider().defaultConfig().values().forEach((key, value) -> out.println("  " + key + " = " + value));
        }
    }

    private static void printTasks(PrintWriter out, List<LoadedProvider<EndTask>> found, String where) {
        if (found.isEmpty()) {
            out.println("No end tasks found " + where + ".");
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("TASK", "CATEGORY", "HEAD", "METRIC", "SPI", "SOURCE"));
        for (LoadedProvider<EndTask> p : found) {
            EndTask t = p.provider();
            rows.add(List.of(p.name(), t.category().label(), t.head().name().toLowerCase(java.util.Locale.ROOT),
                    t.metric().name(), p.spiVersion().toString(), p.source().toString()));
        }
        TextTable.print(out, rows);
    }

    private static void printArchitectures(PrintWriter out, List<LoadedProvider<Architecture>> found) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ARCHITECTURE", "INPUT", "BLOCKS (channels/stride)", "EMBEDDING", "SPI", "SOURCE"));
        for (LoadedProvider<Architecture> p : found) {
            ArchitectureLayout layout = p.provider().layout();
            String blocks = layout.blocks().stream().map(b -> b.channels() + "/" + b.stride())
                    .collect(Collectors.joining(" "));
            rows.add(List.of(p.name(), layout.defaultInputSide() + "²", blocks, Long.toString(layout.embeddingDim()),
                    p.spiVersion().toString(), p.source().toString()));
        }
        TextTable.print(out, rows);
    }
}
