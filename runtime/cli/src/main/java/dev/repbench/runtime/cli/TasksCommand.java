package dev.repbench.runtime.cli;

import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.runtime.data.TaskReadiness;
import dev.repbench.api.EndTask;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.TaskGroups;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code repbench tasks check}: which tasks' data are in place under a data root. */
@Command(name = "tasks", mixinStandardHelpOptions = true, description = "Inspect end tasks' data.",
        subcommands = TasksCommand.Check.class)
final class TasksCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /**
     * Opens every task (or those named) on the data root and reports ready, with split sizes, or the first line
     * of what is missing. Opening lists files and checks the layout; no pixels are read. A report: exit code 0
     * even when data are missing.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Report which tasks' data are in place under a data root, with split sizes, or what is missing."})
    static final class Check implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--data-root", required = true, paramLabel = "DIR",
                description = "The folder holding one folder per dataset (see each task's layout in the error).")
        private Path dataRoot;

        @Option(names = {"--task", "--tasks"}, split = ",", paramLabel = "NAME[,NAME…]", defaultValue = "all",
                description = "Tasks or groups (${DEFAULT-VALUE} by default): " + "study, battery, image-level, pixelwise, semantic, structural.")
        private List<String> tasks;

        @Override
        public Integer call() {
            if (!Files.isDirectory(dataRoot)) {
                throw Usage.error(spec, "--data-root " + dataRoot.toAbsolutePath()
                        + " is not a folder; give the folder that holds one folder per dataset");
            }
            RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
            PrintWriter out = spec.commandLine().getOut();
            try (PluginRegistry registry = root.loadPlugins()) {
                List<EndTask> chosen = Usage.parse(spec, "--tasks", () -> TaskGroups.resolveAll(tasks, registry));
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("TASK", "STATUS", "TRAIN", "TEST", "DETAIL"));
                int ready = 0;
                for (TaskReadiness.Status status : TaskReadiness.check(chosen, dataRoot)) {
                    rows.add(status.ready()
                            ? List.of(status.task(), "ready", Integer.toString(status.train()), Integer.toString(status.test()), "")
                            : List.of(status.task(), "missing", "-", "-", status.detail()));
                    ready += status.ready() ? 1 : 0;
                }
                TextTable.print(out, rows);
                out.println(ready + " of " + chosen.size() + " tasks ready under " + dataRoot.toAbsolutePath());
                out.flush();
            }
            return 0;
        }

    }
}
