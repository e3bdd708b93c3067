package dev.repbench.runtime.cli.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.cli.CommandRun;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One run of {@code repbench ARGS…} in this JVM as a user's terminal shows it: picocli's writers and also whatever
 * went to {@link System#out} and {@link System#err} directly (a logger, a library), which a user sees too.
 *
 * @param exitCode the exit code
 * @param out      stdout
 * @param err      stderr
 */
record UserRun(int exitCode, String out, String err) {
    /** Exit code of a failure while running a command. */
    static final int FAILURE = 1;
    /** Exit code of a command line that could not be understood. */
    static final int USAGE = 2;

    static UserRun run(String... args) {
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        ByteArrayOutputStream strayOut = new ByteArrayOutputStream();
        ByteArrayOutputStream strayErr = new ByteArrayOutputStream();
        CommandRun r;
        try {
            System.setOut(new PrintStream(strayOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(strayErr, true, StandardCharsets.UTF_8));
            r = CommandRun.run(args);
        } finally {
            System.setOut(systemOut);
            System.setErr(systemErr);
        }
        UserRun run = new UserRun(r.exitCode(), strayOut.toString(StandardCharsets.UTF_8) + r.out(),
                strayErr.toString(StandardCharsets.UTF_8) + r.err());
        systemOut.println("repbench " + String.join(" ", args) + "\n  exit " + run.exitCode() + "\n  stderr: "
                + run.err().strip().replace("\n", "\n          "));
        return run;
    }

    /** @return stderr's lines */
    List<String> errLines() {
        return err.isEmpty() ? List.of() : err.lines().toList();
    }

    /**
     * Asserts the run was refused as the bad-input guarantee says: exit code {@code exitCode} (1 or 2), stderr one
     * line {@code repbench: …} holding every one of {@code mentions} (the file or field, and the fix), after at most
     * {@code warnings} lines that start with {@code warning:} or {@code note:}; no exception type and no stack frame
     * anywhere.
     */
    UserRun assertRefused(int exitCode, int warnings, String... mentions) {
        assertTrue(exitCode == FAILURE || exitCode == USAGE, "the guarantee is exit code 1 or 2");
        assertEquals(exitCode, this.exitCode, err);
        List<String> lines = errLines();
        assertFalse(lines.isEmpty(), "something is said on stderr");
        List<String> warningLines = lines.subList(0, lines.size() - 1);
        assertTrue(warningLines.size() <= warnings && warningLines.stream().allMatch(l -> l.startsWith("warning: ") || l.startsWith("note: ")),
                "one line, after at most " + warnings + " warning(s):\n" + err);
        String line = lines.getLast();
        assertTrue(line.startsWith("repbench: "), line);
        for (String mention : mentions) {
            assertTrue(line.contains(mention), "'" + mention + "' in:\n" + line);
        }
        assertNoStackTrace();
        return this;
    }

    /** As {@link #assertRefused(int, int, String...)} without warnings. */
    UserRun assertRefused(int exitCode, String... mentions) {
        return assertRefused(exitCode, 0, mentions);
    }

    /** No exception's type, no stack frame: what a user without {@code --verbose} must never see. */
    void assertNoStackTrace() {
        for (String stream : List.of(out, err)) {
            assertFalse(stream.contains("Exception") || stream.contains("Error:") || stream.contains("\tat ")
                    || stream.contains("Caused by"), "no exception or stack trace:\n" + stream);
        }
    }
}
