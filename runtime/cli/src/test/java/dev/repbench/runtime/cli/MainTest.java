package dev.repbench.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.SpiVersion;
import dev.repbench.runtime.plugin.TestJar;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

    @TempDir
    Path temp;

    /** One run of the CLI: exit code, stdout, stderr, and the root command object for inspecting options. */
    private record Run(int exitCode, String out, String err, RepbenchCommand root) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : err.lines().toList();
        }
    }

    private static Run run(CommandLine cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString(), cmd.getCommand());
    }

    private static Run run(String... args) {
        return run(Main.commandLine(), args);
    }

    @Test
    void helpAndVersionSucceed() {
        Run help = run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("Usage: repbench") && help.out().contains("--device")
                && help.out().contains("--threads") && help.out().contains("--plugins"), help.out());
        Run version = run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("RepBench"), version.out());
        Run versionCommand = run("version");
        assertEquals(0, versionCommand.exitCode());
        assertEquals(version.out(), versionCommand.out());
    }

    @Test
    void anUnknownCommandIsAOneLineUsageErrorWithASuggestion() {
        Run r = run("lst");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertEquals("repbench: unknown command 'lst' for 'repbench' — did you mean 'list' or 'status'? (see 'repbench --help')",
                r.errLines().getFirst());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownOptionIsAOneLineUsageErrorPointingAtTheSubcommandsHelp() {
        Run r = run("list", "algorithms", "--frobnicate");
        assertEquals(2, r.exitCode());
        assertEquals(List.of("repbench: Unknown option: '--frobnicate' (see 'repbench list algorithms --help')"),
                r.errLines());
    }

    @Test
    void noCommandIsAUsageError() {
        Run r = run();
        assertEquals(2, r.exitCode());
        assertEquals(List.of("repbench: no command given (see 'repbench --help')"), r.errLines());
    }

    @Test
    void badDeviceAndThreadValuesAreUsageErrorsNamingTheAcceptedForms() {
        Run device = run("--device", "gpu", "version");
        assertEquals(2, device.exitCode());
        assertEquals(1, device.errLines().size());
        assertTrue(device.err().contains("use cpu, cuda or cuda:N"), device.err());
        Run threads = run("version", "--threads", "0");
        assertEquals(2, threads.exitCode());
        assertTrue(threads.err().contains("'0' is not a whole number of 1 or more"), threads.err());
    }

    @Test
    void globalOptionsWorkBeforeOrAfterTheSubcommand() {
        Run before = run("--device", "cuda:1", "--threads", "3", "version");
        assertEquals(0, before.exitCode(), before.err());
        assertEquals(Device.cuda(1), before.root().execution().device());
        assertEquals(3, before.root().execution().threads());
        Run after = run("list", "tasks", "--device", "cuda", "--threads", "5", "--plugins", temp.toString());
        assertEquals(0, after.exitCode(), after.err());
        assertEquals(Device.cuda(0), after.root().execution().device());
        assertEquals(5, after.root().execution().threads());
        Run defaults = run("version");
        assertEquals(Device.CPU, defaults.root().execution().device());
        assertEquals(Runtime.getRuntime().availableProcessors(), defaults.root().execution().threads());
    }

    @Test
    void listShowsPluginAlgorithmsWithTheirJarAndRefusalsAsWarnings() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path good = new TestJar().source("cli.Algo", TestJar.algorithm("cli.Algo", "cli-algo", ""))
                .service(PretrainingAlgorithm.class, "cli.Algo").writeTo(plugins.resolve("good.jar"));
        new TestJar().spi("2.0").source("cli.Future", TestJar.algorithm("cli.Future", "cli-future", ""))
                .service(PretrainingAlgorithm.class, "cli.Future").writeTo(plugins.resolve("future.jar"));

        Run r = run("--plugins", plugins.toString(), "list", "algorithms");
        assertEquals(0, r.exitCode(), r.err());
        List<String> out = r.out().lines().toList();
        assertTrue(out.get(0).startsWith("ALGORITHM") && out.get(0).contains("SOURCE"));
        // Built-in algorithms (here the test fixture) come first; the plugin's row is the last.
        assertTrue(out.getLast().startsWith("cli-algo") && out.getLast().contains(" 1.0 ")
                && out.getLast().contains(good.toString()), r.out());
        assertTrue(out.stream().noneMatch(l -> l.startsWith("cli-future")), r.out());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().getFirst().startsWith("warning: " + plugins.resolve("future.jar"))
                && r.err().contains("SPI 2.0") && r.err().contains("SPI " + SpiVersion.CURRENT), r.err());
    }

    @Test
    void listWithoutPluginsSaysWhereItLooked() {
        Run r = run("list", "--plugins", temp.toString());
        assertEquals(0, r.exitCode(), r.err());
        // The class path holds built-in algorithms (in tests, the pretraining fixture), so none come from the folder.
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("fixture-random") && l.contains("built-in")), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.contains(temp.toString())), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("fmnist-cls") && l.contains("built-in")),
                "the embedded battery is built in: " + r.out());
    }

    @Test
    void aPluginsOptionThatIsNotAFolderIsAUsageError() {
        Run r = run("list", "--plugins", temp.resolve("absent").toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("is not a folder"), r.err());
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            throw new IOException("disk full\nwhile writing results");
        }
    }

    @Command(name = "fail")
    static final class Fail implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new CliFailure("no run spec at grid.yaml — pass --spec FILE");
        }
    }

    @Test
    void aFailureIsOneLineWithExitOneAndAStackTraceOnlyWhenVerbose() {
        Run quiet = run(Main.commandLine().addSubcommand(new Boom()), "boom");
        assertEquals(1, quiet.exitCode());
        assertEquals(List.of("repbench: IOException: disk full while writing results"
                + " (rerun with --verbose for the stack trace)"), quiet.errLines());

        Run verbose = run(Main.commandLine().addSubcommand(new Boom()), "boom", "--verbose");
        assertEquals(1, verbose.exitCode());
        assertEquals("repbench: IOException: disk full while writing results", verbose.errLines().getFirst());
        assertTrue(verbose.err().contains("\tat "), "stack trace expected:\n" + verbose.err());

        Run userFacing = run(Main.commandLine().addSubcommand(new Fail()), "fail");
        assertEquals(1, userFacing.exitCode());
        assertEquals(List.of("repbench: no run spec at grid.yaml — pass --spec FILE"
                + " (rerun with --verbose for the stack trace)"), userFacing.errLines());
        assertFalse(userFacing.err().contains("CliFailure"));
    }
}
