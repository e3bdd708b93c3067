package dev.repbench.runtime.cli;

import picocli.CommandLine;

/** Entry point of {@code repbench}. */
public final class Main {
    /**
     * The stack of the thread commands run on. libtorch and ONNX Runtime are written for a process's main thread (8 MB
     * on Linux) and use deep native stacks when they start; the JVM's main thread has 1 MB, and a study cell run from a
     * long class path (a Slurm task) overflowed it, killing the JVM with a bare SIGSEGV and no error file.
     */
    static final long COMMAND_STACK_BYTES = 64L << 20;

    private Main() {}

    /**
     * Runs the command line on a thread with a native-sized stack and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) throws InterruptedException {
        int[] code = {1};
        Thread command = new Thread(null, () -> code[0] = commandLine().execute(args), "repbench", COMMAND_STACK_BYTES);
        command.start();
        command.join();
        System.exit(code[0]);
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
