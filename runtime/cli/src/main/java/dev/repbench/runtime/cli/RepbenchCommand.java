package dev.repbench.runtime.cli;

import dev.repbench.runtime.cli.bench.BenchCommand;
import dev.repbench.runtime.cli.options.ExecutionOptions;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.version.VersionReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command {@code repbench}: global options, and the subcommands. */
@Command(name = "repbench",
        mixinStandardHelpOptions = true,
        versionProvider = RepbenchCommand.Versions.class,
        description = "Pretrain, evaluate and compare frozen visual encoders (the ViRB protocol).",
        subcommands = {VersionCommand.class, ListCommand.class, PretrainCommand.class, ExportCommand.class, ImportCommand.class,
                FeaturesCommand.class, EvalCommand.class, CkaCommand.class, ReportCommand.class, AnalyzeCommand.class,
                RunCommand.class, StatusCommand.class, SubmitCommand.class, BenchCommand.class, TasksCommand.class},
        usageHelpAutoWidth = true)
public final class RepbenchCommand implements Callable<Integer> {

    /** The plugins folder used when {@code --plugins} is not given, relative to the working directory. */
    public static final Path DEFAULT_PLUGINS = Path.of("plugins");

    @Spec
    private CommandSpec spec;

    @Mixin
    private ExecutionOptions execution = new ExecutionOptions();

    @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Folder of plugin jars (default: ./plugins if it exists).")
    private Path pluginsDirectory;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    private boolean verbose;

    /** Without a subcommand there is nothing to do: a usage error. */
    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "no command given");
    }

    /** @return whether {@code --verbose} was given */
    boolean verbose() {
        return verbose;
    }

    /** @return the {@code --device} and {@code --threads} choice, for subcommands in other packages */
    public ExecutionOptions execution() {
        return execution;
    }

    /**
     * Loads the plugin registry from the class path and the plugins folder.
     *
     * @return the registry; the caller closes it
     * @throws CommandLine.ParameterException if {@code --plugins} names something that is not a folder
     */
    public PluginRegistry loadPlugins() {
        Path dir = pluginsDirectory == null ? DEFAULT_PLUGINS : pluginsDirectory;
        if (pluginsDirectory != null && !Files.isDirectory(pluginsDirectory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--plugins " + pluginsDirectory
                    + " is not a folder — create it or point --plugins at the folder holding plugin jars");
        }
        return PluginRegistry.load(RepbenchCommand.class.getClassLoader(), dir);
    }

    /** @return the plugins folder in effect, for messages */
    Path pluginsDirectory() {
        return pluginsDirectory == null ? DEFAULT_PLUGINS : pluginsDirectory;
    }

    /** Supplies {@code --version}: the same lines as {@code repbench version}. */
    static final class Versions implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return VersionReport.lines(RepbenchCommand.class.getClassLoader()).toArray(String[]::new);
        }
    }
}
