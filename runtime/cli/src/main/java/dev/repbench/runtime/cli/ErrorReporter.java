package dev.repbench.runtime.cli;

import dev.repbench.torch.TorchException;
import dev.repbench.runtime.study.spec.SpecException;
import dev.repbench.api.task.TaskDataException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and an exit code: usage errors exit 2 and say where the
 * help is; failures during execution exit 1, with the stack trace only under {@code --verbose}.
 */
final class ErrorReporter implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {

    /** Exit code of a failure while running a command. */
    static final int FAILURE = 1;
    /** Exit code of a command line that could not be understood. */
    static final int USAGE = 2;

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        StringBuilder line = new StringBuilder("repbench: ");
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
            line.append(describeUnmatched(unmatched, cmd));
            if (!unmatched.getSuggestions().isEmpty()) {
                line.append(" — did you mean ").append(String.join(" or ", unmatched.getSuggestions().stream()
                        .map(s -> "'" + s + "'").toList())).append("?");
            }
        } else {
            line.append(oneLine(ex.getMessage()));
        }
        line.append(" (see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
        cmd.getErr().println(line);
        cmd.getErr().flush();
        return USAGE;
    }

    /** picocli says "Unmatched argument at index 0: 'lst'"; for a mistyped command, say so. */
    private static String describeUnmatched(CommandLine.UnmatchedArgumentException ex, CommandLine cmd) {
        java.util.List<String> unmatched = ex.getUnmatched();
        if (!unmatched.isEmpty() && !unmatched.getFirst().startsWith("-") && !cmd.getSubcommands().isEmpty()) {
            return "unknown command '" + unmatched.getFirst() + "' for '" + cmd.getCommandSpec().qualifiedName() + "'";
        }
        return oneLine(ex.getMessage());
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof CommandLine.ParameterException pe) {
            // Commands validate some arguments only when they run; those are still usage errors.
            return handleParseException(pe, parseResult.originalArgs().toArray(String[]::new));
        }
        if (ex instanceof SpecException spec) {
            // every problem of the file, one per line, as editors read them
            err.println("repbench: " + spec.problems().size() + " problem(s) in the run spec, nothing was run:");
            spec.problems().forEach(p -> err.println("  " + p));
            err.flush();
            return USAGE;
        }
        boolean verbose = isVerbose(cmd);
        String message = ex instanceof CliFailure || ex instanceof TaskDataException || ex instanceof TorchException
                ? oneLine(ex.getMessage())
                : ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage()));
        err.println("repbench: " + message + (verbose ? "" : " (rerun with --verbose for the stack trace)"));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILURE;
    }

    private static boolean isVerbose(CommandLine cmd) {
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root.getCommand() instanceof RepbenchCommand r && r.verbose();
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
