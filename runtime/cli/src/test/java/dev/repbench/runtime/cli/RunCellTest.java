package dev.repbench.runtime.cli;

import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.api.EndTask;
import dev.repbench.runtime.eval.TinyFashionTask;
import dev.repbench.runtime.plugin.TestJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repbench run SPEC --cell ID} as a Slurm task uses it: a cell whose encoder failed is recorded as skipped, the
 * report asked for while cells are missing is written naming them and stays not done, {@code --threads} overrides
 * the spec's, and single cells leave the study's manifest alone.
 */
class RunCellTest {
    @TempDir
    Path temp;

    @Test
    void cellsRunAloneSkipForAFailedEncoderAndTheReportNamesWhatIsMissing() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("study"));
        new TestJar().service(EndTask.class, TinyFashionTask.class.getName())
                .writeTo(Files.createDirectories(folder.resolve("plugins")).resolve("tiny.jar"));
        TinyFashionTask.writeData(Files.createDirectories(folder.resolve("data")), 120, 60);
        Files.writeString(folder.resolve("broken.onnx"), "not a model");
        Path spec = Files.writeString(folder.resolve("study.yaml"), """
                name: cells
                output: out
                data-root: data
                cache: cache
                threads: 2
                seeds: [1]
                encoders:
                  rand: { random-init: { arch: resnet18-small, seed: 3 } }
                  bad: { onnx: broken.onnx }
                tasks: [tiny-fashion]
                eval: { epochs: 2, lr: 1.0e-3, batch: 32 }
                report: true
                """);
        Path out = folder.resolve("out");

        CommandRun export = run("run", spec.toString(), "--cell", "export/rand", "--threads", "1");
        assertEquals(0, export.exitCode(), export.out() + export.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(out.resolve("manifest.json").toFile());
        assertEquals(1, manifest.get("threads").asInt(), "--threads overrides the spec's 2");

        CommandRun importBad = run("run", spec.toString(), "--cell", "import/bad");
        assertEquals(1, importBad.exitCode());
        CommandRun skipped = run("run", spec.toString(), "--cell", "eval/bad/tiny-fashion/seed-1");
        assertEquals(1, skipped.exitCode(), skipped.out() + skipped.err());
        assertTrue(skipped.out().contains("eval/bad/tiny-fashion/seed-1 skipped: dependency import/bad failed\n"),
                skipped.out());
        assertTrue(skipped.out().contains("0 cell(s) completed, 0 already done, 0 failed, 1 skipped"), skipped.out());
        assertEquals("dependency import/bad failed", json.readTree(out.resolve("cells/eval/bad/tiny-fashion/seed-1"
                + "/skipped.json").toFile()).get("reason").asText());

        CommandRun eval = run("run", spec.toString(), "--cell", "eval/rand/tiny-fashion/seed-1", "--threads", "1");
        assertEquals(0, eval.exitCode(), eval.out() + eval.err());
        assertEquals(manifest.get("startedAt"), json.readTree(out.resolve("manifest.json").toFile()).get("startedAt"),
                "cells of the same spec leave its manifest alone");

        CommandRun report = run("run", spec.toString(), "--cell", "report");
        assertEquals(1, report.exitCode(), report.out() + report.err());
        String page = Files.readString(out.resolve("report/index.html"));
        assertTrue(page.contains("Partial report: 1 of 2 evaluation and CKA cells are not done, so their results are"
                + " missing here: eval/bad/tiny-fashion/seed-1 (skipped: dependency import/bad failed)."), page);
        assertTrue(report.out().contains(": report " + out.resolve("report").resolve("index.html") + ", without 1 of the"
                + " 2 cells it reports on, which are not done: eval/bad/tiny-fashion/seed-1 — rerun or resubmit the study"
                + " when they are\n"), report.out());

        CommandRun status = run("status", spec.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("report ") && l.contains(" failed ")
                && l.contains("partial report: report ")), status.out());
        assertTrue(status.out().contains("cells: 2 done, 0 running, 2 failed, 1 pending"), status.out());
    }
}
