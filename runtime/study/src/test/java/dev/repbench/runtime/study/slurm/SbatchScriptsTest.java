package dev.repbench.runtime.study.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sbatch scripts: their {@code #SBATCH} lines, and what an array task does when bash runs it as Slurm would
 * (with a stand-in {@code java} that logs its arguments and fails for one cell).
 */
class SbatchScriptsTest {
    @TempDir
    Path temp;

    private static final SlurmOptions GPU = new SlurmOptions("gpu", "lab", "2-00:00:00", 1, 8, "64G", 4,
            List.of("--qos=high", "--constraint=a100"), true);

    private SbatchScripts scripts(SlurmOptions options, Path java) {
        return new SbatchScripts("study-1", temp.resolve("my study.yaml"), options, new JobInvocation(java,
                List.of("--enable-native-access=ALL-UNNAMED", "-Xmx8g", "-Dname=it's"),
                List.of(Path.of("/opt/repbench/repbench.jar"), Path.of("/opt/repbench/lib")), "dev.repbench.runtime.cli.Main"));
    }

    @Test
    void arrayScriptsAskForTheResourcesAndTheReportForOneCpu() {
        SlurmLayout layout = new SlurmLayout(temp.resolve("out/slurm"));
        SbatchScripts scripts = scripts(GPU, Path.of("/usr/lib/jvm/jdk-25/bin/java"));
        String evals = scripts.script(JobRole.EVALS, 3, layout, 12);
        List<String> directives = evals.lines().filter(l -> l.startsWith("#SBATCH")).toList();
        assertEquals(List.of("#SBATCH --job-name=repbench-study-1-evals", "#SBATCH --array=0-11%4", "#SBATCH --ntasks=1",
                "#SBATCH --cpus-per-task=8", "#SBATCH --gpus-per-task=1", "#SBATCH --partition=gpu", "#SBATCH --account=lab",
                "#SBATCH --time=2-00:00:00", "#SBATCH --mem=64G", "#SBATCH --requeue",
                "#SBATCH --output=" + temp.resolve("out/slurm/submission-3/logs/evals-%A_%a.log"),
                "#SBATCH --open-mode=append", "#SBATCH --qos=high", "#SBATCH --constraint=a100"), directives);
        assertTrue(evals.contains("\nJAVA_OPTIONS=(--enable-native-access=ALL-UNNAMED -Xmx8g '-Dname=it'\\''s')\n"), evals);
        assertTrue(evals.contains("\nCLASS_PATH=/opt/repbench/repbench.jar:/opt/repbench/lib\n"), evals);
        assertTrue(evals.contains("\nSPEC='" + temp.resolve("my study.yaml") + "'\n"), evals);
        assertTrue(evals.contains("\nCELLS=" + temp.resolve("out/slurm/submission-3/evals.cells")), evals);

        String report = scripts.script(JobRole.REPORT, 3, layout, 0);
        List<String> reportDirectives = report.lines().filter(l -> l.startsWith("#SBATCH")).toList();
        assertTrue(reportDirectives.contains("#SBATCH --cpus-per-task=1"), report);
        assertFalse(reportDirectives.stream().anyMatch(l -> l.contains("--array") || l.contains("--gpus")), report);
        assertTrue(reportDirectives.contains("#SBATCH --output=" + temp.resolve("out/slurm/submission-3/logs/report-%j.log")));
        assertTrue(report.contains("repbench run \"$SPEC\" --cell report --threads \"$threads\""), report);

        String plain = scripts(SlurmOptions.defaults(), Path.of("/usr/bin/java")).script(JobRole.ENCODERS, 1, layout, 1);
        assertEquals(List.of("#SBATCH --job-name=repbench-study-1-encoders", "#SBATCH --array=0-0", "#SBATCH --ntasks=1",
                "#SBATCH --cpus-per-task=1", "#SBATCH --output=" + temp.resolve("out/slurm/submission-1/logs/encoders-%A_%a.log"),
                "#SBATCH --open-mode=append"), plain.lines().filter(l -> l.startsWith("#SBATCH")).toList());
    }

    @Test
    void anArrayTaskRunsEachCellOfItsLineAndGoesOnPastAFailure() throws Exception {
        Path calls = temp.resolve("java-calls.log");
        Path java = temp.resolve("bin/java");
        Files.createDirectories(java.getParent());
        // a stand-in for java: logs its arguments, fails for one cell, as a cell whose encoder failed exits 1
        Files.writeString(java, "#!/bin/bash\necho \"$*\" >> '" + calls + "'\n"
                + "case \"$*\" in *eval/b/t0/seed-0*) echo 'b failed' >&2; exit 1;; esac\necho ran\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        SlurmLayout layout = new SlurmLayout(temp.resolve("out/slurm"));
        Path cells = Files.createDirectories(layout.submission(1)).resolve("evals.cells");
        Files.writeString(cells, SbatchScripts.cellList(List.of(List.of("eval/a/t0/seed-0", "eval/a/t0/seed-1"),
                List.of("eval/b/t0/seed-0", "eval/b/t0/seed-1"), List.of("cka/a"))));
        Path script = layout.script(1, JobRole.EVALS);
        Files.writeString(script, scripts(SlurmOptions.defaults(), java).script(JobRole.EVALS, 1, layout, 3));

        ProcessBuilder outside = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        outside.environment().keySet().removeIf(name -> name.startsWith("SLURM_"));
        Process bare = outside.start();
        assertTrue(bare.waitFor(30, TimeUnit.SECONDS));
        assertTrue(new String(bare.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .contains("SLURM_ARRAY_TASK_ID: unbound variable"), "outside Slurm the script says what it lacks");
        assertFalse(Files.exists(calls), "and runs nothing");

        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_JOB_ID", "77",
                "SLURM_CPUS_PER_TASK", "3"));
        Process run = builder.start();
        assertTrue(run.waitFor(30, TimeUnit.SECONDS));
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, run.exitValue(), "a task with a cell not done exits 1: " + output);
        assertTrue(output.startsWith("repbench: array task 1 of job 77 on "), output);
        assertTrue(output.contains(", attempt 1, 3 thread(s): eval/b/t0/seed-0 eval/b/t0/seed-1\n"), output);
        String prefix = "--enable-native-access=ALL-UNNAMED -Xmx8g -Dname=it's -cp /opt/repbench/repbench.jar:/opt/repbench/lib"
                + " dev.repbench.runtime.cli.Main run " + temp.resolve("my study.yaml") + " --cell ";
        assertEquals(List.of(prefix + "eval/b/t0/seed-0 --threads 3", prefix + "eval/b/t0/seed-1 --threads 3"),
                Files.readAllLines(calls), "both cells of line 2 ran, the second after the first failed");
    }

    @Test
    void valuesAreQuotedOnlyWhereBashNeedsIt() {
        assertEquals("/opt/x-1.2/a_b:c", SbatchScripts.quote("/opt/x-1.2/a_b:c"));
        assertEquals("'/my dir/x'", SbatchScripts.quote("/my dir/x"));
        assertEquals("'a'\\''b$c'", SbatchScripts.quote("a'b$c"));
    }
}
