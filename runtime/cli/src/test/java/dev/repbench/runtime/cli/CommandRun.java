package dev.repbench.runtime.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One in-process run of the configured command line, as a user's terminal would see it: the exit code and what went
 * to stdout and stderr. Public for the tests of other packages (the bad-input tests).
 *
 * @param exitCode the exit code
 * @param out      stdout
 * @param err      stderr
 */
public record CommandRun(int exitCode, String out, String err) {

    /** Runs {@code repbench ARGS…} in this JVM. */
    public static CommandRun run(String... args) {
        var cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** @return stderr's lines */
    public List<String> errLines() {
        return err.isEmpty() ? List.of() : err.lines().toList();
    }
}
