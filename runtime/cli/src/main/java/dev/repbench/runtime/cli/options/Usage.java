package dev.repbench.runtime.cli.options;

import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Usage errors found while a command runs: one line naming the option, exit code 2, like picocli's own. */
public final class Usage {
    private Usage() {
    }

    /** @return the usage error {@code message} of {@code spec}'s command, to throw */
    public static CommandLine.ParameterException error(CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * Parses an option's value with a service's own parser, whose {@link IllegalArgumentException} names the accepted
     * values, and turns a refusal into a usage error that names the option.
     *
     * @param option the option, e.g. {@code --metric-mode}
     */
    public static <T> T parse(CommandSpec spec, String option, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw error(spec, option + ": " + e.getMessage());
        }
    }
}
