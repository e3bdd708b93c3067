package dev.repbench.runtime.cli;

import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.eval.TinyFashionTask;
import dev.repbench.runtime.plugin.TestJar;
import dev.repbench.runtime.study.slurm.FakeSlurm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repbench submit}'s command line: a dry run prints scripts bash accepts and submits nothing; bad input — a spec
 * with errors, no sbatch on the PATH, an unknown partition — gets one line naming the fix and submits nothing. The
 * PATH cases run the CLI in a child JVM, whose PATH the test chooses.
 */
class SubmitCommandTest {
    @TempDir
    Path temp;

    /** {@code repbench ARGS} in a child JVM with {@code PATH=path}. */
    private static CommandRun runWithPath(String path, String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        argv.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(argv);
        builder.environment().put("PATH", path);
        Process p = builder.start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM hung");
        return new CommandRun(p.exitValue(), new String(out.readAllBytes(), StandardCharsets.UTF_8),
                new String(err.readAllBytes(), StandardCharsets.UTF_8));
    }

    private Path study() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("study"));
        Path plugins = Files.createDirectories(folder.resolve("plugins"));
        new TestJar().service(EndTask.class, TinyFashionTask.class.getName()).writeTo(plugins.resolve("tiny.jar"));
        TinyFashionTask.writeData(Files.createDirectories(folder.resolve("data")), 20, 10);
        return Files.writeString(folder.resolve("study.yaml"), """
                name: tiny
                output: out
                data-root: data
                threads: 2
                seeds: [1, 2]
                encoders:
                  rand: { random-init: { arch: resnet18-small, seed: 3 } }
                tasks: [tiny-fashion]
                report: true
                """);
    }

    @Test
    void cellsTheSpecChangedAreSubmittedOnlyWithRedoChangedAndADryRunRemovesNothing() throws Exception {
        Path spec = study();
        CommandRun ran = run("run", spec.toString());
        assertEquals(0, ran.exitCode(), ran.out() + ran.err());
        Files.writeString(spec, Files.readString(spec).replace("seed: 3 }", "seed: 4 }"));
        CommandRun plain = run("submit", spec.toString(), "--slurm", "--dry-run");
        assertEquals(0, plain.exitCode(), plain.err());
        assertTrue(plain.out().contains("every cell is done; nothing to submit"), plain.out());

        CommandRun dry = run("submit", spec.toString(), "--slurm", "--dry-run", "--redo-changed");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().startsWith("# export/rand: the spec changed since it was done; a submission with"
                + " --redo-changed removes its outputs and runs it again\n# Dry run: nothing was submitted. 4 cell(s)"
                + " not done"), dry.out());
        assertTrue(Files.isRegularFile(spec.resolveSibling("out/encoders/rand/encoder.onnx")), "a dry run removes nothing");
        assertTrue(Files.isRegularFile(spec.resolveSibling("out/cells/export/rand/done.json")));
    }

    @Test
    void aDryRunPrintsScriptsBashAcceptsAndSubmitsNothing() throws Exception {
        Path spec = study();
        CommandRun dry = run("submit", spec.toString(), "--slurm", "--dry-run", "--max-parallel", "2", "--time", "1:00:00");
        assertEquals(0, dry.exitCode(), dry.err());
        Path folder = spec.resolveSibling("out/slurm/submission-1");
        assertTrue(dry.out().startsWith("# Dry run: nothing was submitted. 4 cell(s) not done; the scripts and cell lists"
                + " are in " + folder + "\n"), dry.out());
        assertTrue(dry.out().contains("#SBATCH --array=0-0%2\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=2\n"
                + "#SBATCH --time=1:00:00\n"), "the spec's threads are the tasks' CPUs: " + dry.out());
        assertTrue(dry.out().contains("#   eval/rand/tiny-fashion/seed-1 eval/rand/tiny-fashion/seed-2\n"), dry.out());
        assertTrue(dry.out().endsWith("""
                # To submit by hand, in this order:
                encoders=$(sbatch --parsable %1$s/encoders.sbatch)
                evals=$(sbatch --parsable --dependency=afterany:$encoders %1$s/evals.sbatch)
                report=$(sbatch --parsable --dependency=afterany:$evals %1$s/report.sbatch)
                """.formatted(folder)), dry.out());
        for (String script : List.of("encoders.sbatch", "evals.sbatch", "report.sbatch")) {
            assertTrue(dry.out().contains(Files.readString(folder.resolve(script))), script + " is printed as written");
            Process check = new ProcessBuilder("bash", "-n", folder.resolve(script).toString()).redirectErrorStream(true).start();
            assertEquals(0, check.waitFor(), script + ": " + new String(check.getInputStream().readAllBytes()));
        }
        assertFalse(Files.exists(spec.resolveSibling("out/slurm/submissions.json")), "nothing recorded");
        assertFalse(Files.exists(spec.resolveSibling("out/manifest.json")), "nothing started");
    }

    @Test
    void aSpecWithErrorsSubmitsNothingAndListsThem() throws IOException {
        Path spec = study();
        Files.writeString(spec, Files.readString(spec).replace("seed: 3", "seed: -3"));
        CommandRun bad = run("submit", spec.toString(), "--slurm");
        assertEquals(2, bad.exitCode());
        assertEquals(List.of("repbench: 1 problem(s) in the run spec, nothing was submitted:",
                "  " + spec + ":7:54: encoders.rand.random-init.seed: must be 0 or more, got -3"), bad.err().lines().toList());
        assertFalse(Files.exists(spec.resolveSibling("out")));
    }

    @Test
    void submitNamesItsScheduler() throws IOException {
        CommandRun r = run("submit", study().toString());
        assertEquals(2, r.exitCode());
        assertEquals("repbench: submit needs a scheduler: add --slurm (see 'repbench submit --help')", r.err().strip());
    }

    @Test
    void withoutSbatchOrWithAnUnknownPartitionNothingIsSubmitted() throws Exception {
        Path spec = study();
        CommandRun noSbatch = runWithPath(temp.resolve("empty").toString(), "submit", spec.toString(), "--slurm");
        assertEquals(1, noSbatch.exitCode(), noSbatch.out() + noSbatch.err());
        assertEquals(List.of("repbench: sbatch is not on the PATH, so nothing can be submitted — run 'repbench submit' on"
                + " a Slurm login node (or put Slurm's commands on the PATH); --dry-run writes the scripts without it"
                + " (rerun with --verbose for the stack trace)"), noSbatch.err().lines().toList());

        FakeSlurm slurm = FakeSlurm.in(temp.resolve("bin"));
        CommandRun noPartition = runWithPath(slurm.bin().toString(), "submit", spec.toString(), "--slurm", "--partition", "gpus");
        assertEquals(1, noPartition.exitCode(), noPartition.out() + noPartition.err());
        assertEquals(List.of("repbench: partition 'gpus' does not exist on this cluster — choose one of main, gpu with"
                + " --partition (sinfo lists them) (rerun with --verbose for the stack trace)"), noPartition.err().lines().toList());
        assertTrue(slurm.calls().stream().noneMatch(c -> c.startsWith("sbatch")), slurm.calls().toString());
        assertFalse(Files.exists(spec.resolveSibling("out/slurm/submissions.json")));
    }
}
