package dev.repbench.runtime.cli;

import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.report.ReportFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repbench report} and {@code repbench analyze} on a made-up records folder. */
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void reportWritesTheFolder() throws Exception {
        ReportFixtures.records(dir.resolve("records"), 1, true);
        Path cka = ReportFixtures.ckaFile(dir.resolve("cka"));
        CommandRun r = run("report", "--records", dir.resolve("records").toString(), "--cka", cka.toString(), "--out",
                dir.resolve("out").toString(), "--title", "CLI test");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("index.html"), r.out());
        assertTrue(Files.readString(dir.resolve("out/index.html")).contains("<title>CLI test</title>"));
    }

    @Test
    void reportOfAMissingFolderFailsWithTheFix() {
        CommandRun r = run("report", "--records", dir.resolve("none").toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("does not exist; run repbench eval --out"), r.err());
    }

    @Test
    void analyzePrintsScoresCorrelationsAndAnova() {
        ReportFixtures.records(dir.resolve("records"), 2, true); // no task separates: every task asked for
        CommandRun r = run("analyze", "--records", dir.resolve("records").toString(), "--correlations", "spearman",
                "--anova", "task,algorithm", "--all-tasks");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("supervised/imagenet/200ep"), r.out());
        assertTrue(r.out().contains("Spearman rho between tasks over 6 encoders"), r.out());
        // 4 self-supervised encoders × 5 tasks, each the mean of its 2 head seeds
        assertTrue(r.out().contains("ANOVA (type II, main effects, 20 observations: self-supervised encoder × task, "
                + "averaged over head seeds)"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("algorithm  1 ")), r.out());
        CommandRun bad = run("analyze", "--records", dir.resolve("records").toString(), "--anova", "colour");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("unknown ANOVA factor colour"), bad.err());
    }

    @Test
    void analyzeAndReportReadTheSameSeparatingTasks() throws Exception {
        ReportFixtures.records(dir.resolve("records"), 2, true, true, Set.of("imagenet-cls", "pets-cls", "depth"));
        CommandRun r = run("analyze", "--records", dir.resolve("records").toString(), "--anova", "task,algorithm");
        assertEquals(0, r.exitCode(), r.err());
        String sentence = "Computed on the 3 of 5 tasks that separate an encoder from random-init (imagenet-cls, "
                + "pets-cls, depth); left out: clevr-count, ego-seg";
        assertTrue(r.out().contains(sentence), r.out());
        List<String> lines = r.out().lines().toList();
        String header = lines.get(lines.indexOf(lines.stream().filter(l -> l.startsWith("Pearson r between tasks"))
                .findFirst().orElseThrow(() -> new AssertionError(r.out()))) + 1);
        assertEquals(List.of("task", "imagenet-cls", "pets-cls", "depth"), List.of(header.trim().split("\\s+")));
        String scores = lines.get(lines.indexOf(lines.stream().filter(l -> l.startsWith("Scores (mean"))
                .findFirst().orElseThrow()) + 1);
        assertTrue(scores.contains("clevr-count") && scores.contains("ego-seg"), "scores keep every task: " + scores);
        // 4 self-supervised encoders × 3 tasks (2 head seeds averaged into each)
        assertTrue(r.out().contains("ANOVA (type II, main effects, 12 observations"), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("task       2 ")), r.out());

        CommandRun all = run("analyze", "--records", dir.resolve("records").toString(), "--anova", "task",
                "--all-tasks");
        assertEquals(0, all.exitCode(), all.err());
        assertTrue(all.out().contains("ANOVA (type II, main effects, 20 observations"), all.out());
        assertTrue(all.out().contains("Computed on every task, as asked (--all-tasks); clevr-count, ego-seg are "
                + "below the separation line"), all.out());

        CommandRun report = run("report", "--records", dir.resolve("records").toString(), "--out",
                dir.resolve("out").toString());
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(Files.readString(dir.resolve("out/index.html")).contains(sentence), "the report agrees");
        assertTrue(Files.readString(dir.resolve("out/tables/anova.csv")).contains("\r\ntask,2,"));
        run("report", "--records", dir.resolve("records").toString(), "--out", dir.resolve("out").toString(),
                "--all-tasks");
        assertTrue(Files.readString(dir.resolve("out/tables/anova.csv")).contains("\r\ntask,4,"));
    }

    @Test
    void analyzeSaysWhyNoCorrelationWhenOneTaskSeparates() {
        ReportFixtures.records(dir.resolve("records"), 1, true, true, Set.of("depth"));
        CommandRun r = run("analyze", "--records", dir.resolve("records").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Pearson r between tasks: not computed: a correlation between tasks needs 2 "
                + "tasks, and only depth separates an encoder from random-init"), r.out());
        CommandRun bad = run("analyze", "--records", dir.resolve("records").toString(), "--anova", "colour");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("unknown ANOVA factor colour"), bad.err());
    }
}
