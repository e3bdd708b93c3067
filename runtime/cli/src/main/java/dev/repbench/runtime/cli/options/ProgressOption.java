package dev.repbench.runtime.cli.options;

import dev.repbench.runtime.cli.ProgressDisplay;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --progress auto|bar|lines|none}: how a long command shows that it is alive. */
public final class ProgressOption {
    @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|bar|lines|none",
            description = "Progress display: a bar on a terminal and log lines otherwise (auto), or as chosen (default: ${DEFAULT-VALUE}).")
    private String progress;

    /**
     * @param spec the command, for the usage error
     * @param log  where log lines go
     * @param task what is being done, shown with the progress
     * @return the display; the caller closes it
     * @throws CommandLine.ParameterException if the value is not one of the four
     */
    public ProgressDisplay display(CommandSpec spec, PrintWriter log, String task) {
        return ProgressDisplay.create(mode(spec), log, task);
    }

    /** @return the chosen mode, checked */
    public ProgressDisplay.Mode mode(CommandSpec spec) {
        try {
            return ProgressDisplay.Mode.valueOf(progress.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--progress '" + progress
                    + "' is not auto, bar, lines or none");
        }
    }
}
