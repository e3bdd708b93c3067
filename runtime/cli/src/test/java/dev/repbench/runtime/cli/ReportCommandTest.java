package dev.repbench.runtime.cli;

import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.report.ReportFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
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
        ReportFixtures.records(dir.resolve("records"), 2, true);
        CommandRun r = run("analyze", "--records", dir.resolve("records").toString(), "--correlations", "spearman",
                "--anova", "task,algorithm");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("supervised/imagenet/200ep"), r.out());
        assertTrue(r.out().contains("Spearman rho between tasks over 6 encoders"), r.out());
        assertTrue(r.out().contains("ANOVA (type II, main effects, 40 observations"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("algorithm  1 ")), r.out());
        CommandRun bad = run("analyze", "--records", dir.resolve("records").toString(), "--anova", "colour");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("unknown ANOVA factor colour"), bad.err());
    }
}
