package dev.repbench.runtime.cli;

import picocli.CommandLine;

/** Entry point of {@code repbench}. */
public final class Main {

    private Main() {}

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The fully configured command line: subcommands, converters and error handlers. Tests run it
     * with {@link CommandLine#execute} after redirecting its out and err writers.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new RepbenchCommand());
        ErrorReporter errors = new ErrorReporter();
        cmd.setParameterExceptionHandler(errors);
        cmd.setExecutionExceptionHandler(errors);
        return cmd;
    }
}
