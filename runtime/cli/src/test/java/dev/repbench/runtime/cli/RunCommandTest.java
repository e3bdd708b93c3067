package dev.repbench.runtime.cli;

import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.repbench.api.EndTask;
import dev.repbench.runtime.encoder.ExternalModelFiles;
import dev.repbench.runtime.eval.TinyFashionTask;
import dev.repbench.runtime.eval.TinyPixelTask;
import dev.repbench.runtime.plugin.TestJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repbench run} and {@code status} on a real (tiny) study: a random-init export and a plugin task evaluated;
 * two independent runs of the same spec give identical records.
 */
class RunCommandTest {
    @TempDir
    Path temp;

    /** Writes a study folder: the spec, a plugins folder with the tiny task, its data. */
    private Path study(String name) throws IOException {
        Path folder = Files.createDirectories(temp.resolve(name));
        Path plugins = Files.createDirectories(folder.resolve("plugins"));
        new TestJar().service(EndTask.class, TinyFashionTask.class.getName()).writeTo(plugins.resolve("tiny.jar"));
        TinyFashionTask.writeData(Files.createDirectories(folder.resolve("data")), 120, 60);
        return Files.writeString(folder.resolve("study.yaml"), """
                name: %s
                output: out
                data-root: data
                cache: cache
                threads: 2
                seeds: [1]
                encoders:
                  rand: { random-init: { arch: resnet18-small, seed: 3 } }
                tasks: [tiny-fashion]
                eval: { epochs: 2, lr: 1.0e-3, batch: 32 }
                cka: { images: 8, batch: 4, size: 32, outputs: [block1, embedding] }
                report: false
                """.formatted(name));
    }

    private static List<JsonNode> records(Path spec) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(spec.resolveSibling("out/records"))) {
            return files.filter(Files::isRegularFile).sorted().map(f -> {   // records only; encoders/ holds provenance
                try {
                    ObjectNode record = (ObjectNode) json.readTree(f.toFile());
                    record.remove("wallSeconds"); // the one field that measures the run rather than its result
                    return (JsonNode) record;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void aStudyRunsResumesReportsStatusAndReproduces() throws IOException {
        Path spec = study("first");
        CommandRun listed = run("run", spec.toString(), "--list-cells");
        assertEquals(0, listed.exitCode(), listed.err());
        assertTrue(listed.out().contains("eval/rand/tiny-fashion/seed-1  export/rand"), listed.out());

        CommandRun early = run("run", spec.toString(), "--cell", "eval/rand/tiny-fashion/seed-1");
        assertEquals(1, early.exitCode());
        assertTrue(early.err().contains("needs export/rand (pending) done first"), early.err());

        CommandRun first = run("run", spec.toString());
        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().contains("first: 3 cell(s) completed, 0 already done, 0 failed"), first.out());
        assertTrue(Files.isRegularFile(spec.resolveSibling("out/manifest.json")));
        String cpu = new ObjectMapper().readTree(spec.resolveSibling("out/manifest.json").toFile()).get("versions")
                .get("cpu").asText();
        assertTrue(cpu.contains(" logical processor(s); bf16 instructions: "), "the manifest names the processor: " + cpu);
        assertTrue(Files.isRegularFile(spec.resolveSibling("out/cka/rand/cka.json")));

        CommandRun status = run("status", spec.toString());
        assertEquals(0, status.exitCode(), status.err());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("export/rand") && l.contains(" done ")), status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("eval/rand/tiny-fashion/seed-1") && l.contains("top1")),
                status.out());
        assertTrue(status.out().contains("first: 3 done, 0 running, 0 failed, 0 pending"), status.out());

        CommandRun again = run("run", spec.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("0 cell(s) completed, 3 already done"), again.out());

        Path other = study("second");
        assertEquals(0, run("run", other.toString()).exitCode());
        List<JsonNode> firstRecords = records(spec);
        assertEquals(1, firstRecords.size());
        assertEquals(firstRecords, records(other), "a second run from scratch (own cache) gives the same records");
    }

    @Test
    void ckaCellsRunEachEncoderOnceAndGiveTheCkaCommandsMatrices() throws IOException {
        Path spec = study("cka");
        Files.writeString(spec, Files.readString(spec)
                .replace("rand: { random-init: { arch: resnet18-small, seed: 3 } }",
                        "rand: { random-init: { arch: resnet18-small, seed: 3 } }\n  other: { random-init: { arch: resnet18-small, seed: 4 } }"));
        CommandRun first = run("run", spec.toString());
        assertEquals(0, first.exitCode(), first.out() + first.err());
        List<String> ckaLines = first.out().lines().filter(l -> l.contains(" cka/") && l.contains(" done in ")).toList();
        assertEquals(3, ckaLines.size(), first.out());
        // whichever runs first computes (and keeps) the Grams of its encoders; every later cell reads them
        assertTrue(!ckaLines.get(0).contains("from the cache"), ckaLines.get(0));
        assertTrue(ckaLines.getLast().contains("every encoder's Grams from the cache"), first.out());

        Path folder = spec.getParent();
        for (List<String> encoders : List.of(List.of("rand"), List.of("other"), List.of("rand", "other"))) {
            Path out = temp.resolve("cka-command-" + String.join("-", encoders));
            List<String> args = new java.util.ArrayList<>(List.of("--threads", "2", "cka",
                    "--cache", out.resolveSibling(out.getFileName() + "-cache").toString(), "--outputs", "block1,embedding",
                    "--images", "8", "--batch", "4", "--size", "32", "--progress", "none",
                    "--data-root", folder.resolve("data").toString(), "--out", out.toString()));
            encoders.forEach(e -> args.addAll(List.of("--encoder", folder.resolve("out/encoders/" + e).toString())));
            CommandRun command = run(args.toArray(String[]::new));
            assertEquals(0, command.exitCode(), command.err());
            ObjectMapper json = new ObjectMapper();
            JsonNode cell = json.readTree(folder.resolve("out/cka/" + String.join("-vs-", encoders) + "/cka.json").toFile());
            assertEquals(json.readTree(out.resolve("cka.json").toFile()).get("values"), cell.get("values"),
                    "the cell's matrix of " + encoders + ", from kept Grams or not, is the one repbench cka computes");
        }
    }

    @Test
    void aChangedEncoderIsRedoneOnlyWhenAskedAndTheReportReadsOnlyTheRecordsTheSpecNowMakes() throws IOException {
        Path spec = study("changed");
        Files.writeString(spec, Files.readString(spec)
                .replace("rand: { random-init: { arch: resnet18-small, seed: 3 } }",
                        "rand: { random-init: { arch: resnet18-small, seed: 3 } }\n  other: { random-init: { arch: resnet18-small, seed: 4 } }")
                .replace("cka: { images: 8, batch: 4, size: 32, outputs: [block1, embedding] }\n", "")
                .replace("report: false", "report: true"));
        CommandRun first = run("run", spec.toString());
        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().contains("5 cell(s) completed"), first.out());
        Path scores = spec.resolveSibling("out/report/tables/scores.csv");
        String before = Files.readString(scores);

        Files.writeString(spec, Files.readString(spec).replace("seed: 4 }", "seed: 5 }"));
        CommandRun warned = run("run", spec.toString());
        assertEquals(0, warned.exitCode(), warned.out() + warned.err());
        assertTrue(warned.out().contains("export/other warning: the spec changed since this cell was done; it is not"
                + " redone — rerun with --redo-changed"), warned.out());
        assertTrue(warned.out().contains("0 cell(s) completed, 5 already done"), warned.out());
        CommandRun status = run("status", spec.toString());
        assertTrue(status.out().contains("changed: 5 done, 0 running, 0 failed, 0 pending, 1 of them done from an earlier"
                + " version of the spec ('run --redo-changed' redoes them)"), status.out());

        CommandRun redone = run("run", spec.toString(), "--redo-changed");
        assertEquals(0, redone.exitCode(), redone.out() + redone.err());
        assertTrue(redone.out().contains("export/other: the spec changed since it was done; it runs again, its outputs"
                + " removed"), redone.out());
        assertTrue(redone.out().contains("3 cell(s) completed, 2 already done"), redone.out());
        assertTrue(redone.out().contains("eval/other/tiny-fashion/seed-1 runs again: its dependency export/other was"
                + " redone"), redone.out());
        JsonNode provenance = new ObjectMapper().readTree(spec.resolveSibling("out/encoders/other/encoder.json").toFile());
        assertEquals(5, provenance.findValue("seed").asInt(), provenance.toString());

        assertEquals(3, records(spec).size(), "the old encoder's record stays in the shared folder");
        String after = Files.readString(scores);
        assertEquals(before.lines().count(), after.lines().count(), "one row per encoder, the old one left out:\n" + after);
        assertTrue(!after.equals(before), "the redone encoder's scores replace the old one's");
        assertEquals(List.of("other", "rand"), after.lines().skip(1).map(l -> l.substring(0, l.indexOf(','))).sorted().toList(),
                "a study's report labels its encoders by their names in the spec:\n" + after);
        String page = Files.readString(spec.resolveSibling("out/report/index.html"));
        assertTrue(page.contains("1 other record(s) in"), "the page says a record was left out");

        CommandRun again = run("run", spec.toString(), "--redo-changed");
        assertTrue(again.out().contains("0 cell(s) completed, 5 already done"), again.out());

        Path allTasks = temp.resolve("all-tasks");
        CommandRun byHand = run("report", "--spec", spec.toString(), "--all-tasks", "--out", allTasks.toString());
        assertEquals(0, byHand.exitCode(), byHand.out() + byHand.err());
        assertEquals(after, Files.readString(allTasks.resolve("tables/scores.csv")),
                "report --spec reads the study's records, by the spec's names");
        assertTrue(Files.readString(allTasks.resolve("index.html")).contains("<title>changed</title>"));
        CommandRun mixed = run("report", "--spec", spec.toString(), "--cka", "x.json", "--out", allTasks.toString());
        assertEquals(1, mixed.exitCode());
        assertTrue(mixed.err().contains("--cka and --encoders go with --records"), mixed.err());
        CommandRun both = run("report", "--spec", spec.toString(), "--records", "r", "--out", allTasks.toString());
        assertEquals(2, both.exitCode(), both.err());
    }

    /** The tiny segmentation task as a plugin (a provider needs a no-argument constructor). */
    public static final class TinySegmentation extends TinyPixelTask {
        public TinySegmentation() {
            super(Kind.SEGMENTATION, 48, 24);
        }
    }

    /**
     * A bf16 pixelwise evaluation has its own configuration hash, so the report of a study run with {@code --precision
     * bf16} (its spec saying fp32) finds its records only when {@code report --spec} is told the same precision.
     */
    @Test
    void reportSpecTakesThePrecisionTheStudyWasRunWith() throws IOException {
        Path spec = study("bf16");
        new TestJar().service(EndTask.class, TinySegmentation.class.getName())
                .writeTo(spec.resolveSibling("plugins/tiny-pixel.jar"));
        Files.writeString(spec, Files.readString(spec).replace("tasks: [tiny-fashion]", "tasks: [tiny-pixel-segmentation]")
                .replace("eval: { epochs: 2,", "eval: { epochs: 1,")
                .replace("cka: { images: 8, batch: 4, size: 32, outputs: [block1, embedding] }\n", "")
                .replace("report: false", "report: true"));
        CommandRun bf16 = run("run", spec.toString(), "--precision", "bf16");
        assertEquals(0, bf16.exitCode(), bf16.out() + bf16.err());
        String cellScores = Files.readString(spec.resolveSibling("out/report/tables/scores.csv"));

        CommandRun asSpec = run("report", "--spec", spec.toString(), "--out", temp.resolve("as-spec").toString());
        assertEquals(1, asSpec.exitCode(), asSpec.out() + asSpec.err());
        assertTrue(asSpec.err().contains("holds no result records of the study's 1 evaluations (of a study run with "
                + "'run --precision' other than its spec's, give 'report --spec' the same --precision)"), asSpec.err());

        CommandRun asRun = run("report", "--spec", spec.toString(), "--precision", "bf16", "--out",
                temp.resolve("as-run").toString());
        assertEquals(0, asRun.exitCode(), asRun.out() + asRun.err());
        assertEquals(cellScores, Files.readString(temp.resolve("as-run/tables/scores.csv")));

        CommandRun records = run("report", "--records", spec.resolveSibling("out/records").toString(), "--precision",
                "bf16", "--out", temp.resolve("r").toString());
        assertEquals(1, records.exitCode());
        assertTrue(records.err().contains("--precision goes with --spec"), records.err());
    }

    @Test
    void aFailedCellIsRecordedSkipsItsDependantsAndFailsTheRun() throws IOException {
        Path spec = study("broken");
        Files.writeString(spec.resolveSibling("broken.onnx"), "not a model");
        Files.writeString(spec, Files.readString(spec)
                .replace("rand: { random-init: { arch: resnet18-small, seed: 3 } }", "bad: { onnx: broken.onnx }")
                .replace("cka: { images: 8, batch: 4, size: 32, outputs: [block1, embedding] }\n", ""));
        CommandRun r = run("run", spec.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("[1/2] import/bad FAILED: EncoderFileException: ") && r.out().contains("broken.onnx is not an ONNX model"), r.out());
        assertTrue(r.out().contains("[2/2] eval/bad/tiny-fashion/seed-1 skipped: dependency import/bad failed"), r.out());
        assertTrue(r.err().contains("2 cell(s) not done"), r.err());
        JsonNode failed = new ObjectMapper().readTree(spec.resolveSibling("out/cells/import/bad/failed.json").toFile());
        assertEquals("dev.repbench.runtime.encoder.EncoderFileException", failed.get("error").asText());
        assertTrue(failed.get("message").asText().contains("broken.onnx"), failed.toString());

        CommandRun status = run("status", spec.toString());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("import/bad") && l.contains(" failed ")), status.out());
        assertTrue(status.out().contains("skipped: dependency import/bad failed"), status.out());
        assertTrue(status.out().contains("broken: 0 done, 0 running, 1 failed, 1 pending"), status.out());
    }

    /**
     * An encoder given as an ONNX file as TensorFlow's exporters leave it (NHWC input): the study's import cell adapts
     * it and says so on its done line, and the encoder is evaluated at its own fixed size.
     */
    @Test
    void anOnnxEncoderThatImportAdaptsSaysSoInTheStudysLog() throws Exception {
        Path spec = study("adapted");
        Files.copy(ExternalModelFiles.onnx("resnet18_nhwc"), spec.resolveSibling("nhwc.onnx"));
        Files.writeString(spec, Files.readString(spec)
                .replace("rand: { random-init: { arch: resnet18-small, seed: 3 } }", "tf: { onnx: nhwc.onnx }")
                .replace("eval: { epochs: 2, lr: 1.0e-3, batch: 32 }", "eval: { epochs: 1, input-size: encoder }")
                .replace("cka: { images: 8, batch: 4, size: 32, outputs: [block1, embedding] }\n", ""));
        CommandRun r = run("run", spec.toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("[1/2] import/tf done in ") && l.endsWith("(adapted: its"
                + " [N, H, W, 3] input is fed from a new [N, 3, H, W] input 'input_nchw' through a Transpose)")), r.out());
        assertEquals(1, records(spec).size());
    }

    @Test
    void anInvalidSpecRunsNothingAndListsEveryProblem() throws IOException {
        Path spec = study("bad");
        Files.writeString(spec, Files.readString(spec).replace("seed: 3", "seed: -3").replace("tiny-fashion]", "tiny]"));
        CommandRun bad = run("run", spec.toString());
        assertEquals(2, bad.exitCode());
        List<String> lines = bad.err().lines().toList();
        assertEquals("repbench: 2 problem(s) in the run spec, nothing was run:", lines.get(0));
        assertTrue(lines.get(1).startsWith("  " + spec + ":8:54: encoders.rand.random-init.seed: must be 0 or more"), lines.get(1));
        assertTrue(lines.get(2).startsWith("  " + spec + ":9:9: tasks[0]: unknown task or group 'tiny'"), lines.get(2));
        assertTrue(Files.notExists(spec.resolveSibling("out")), "nothing ran");
    }

    @Test
    void withParallelCellsRunInWorkerProcessesAndGiveTheRecordsOfASequentialRun() throws IOException {
        Path spec = study("parallel");
        CommandRun withCell = run("run", spec.toString(), "--parallel", "2", "--cell", "export/rand");
        assertEquals(1, withCell.exitCode());
        assertTrue(withCell.err().contains("--parallel runs the whole spec"), withCell.err());

        CommandRun parallel = run("run", spec.toString(), "--parallel", "2");
        assertEquals(0, parallel.exitCode(), parallel.out() + parallel.err());
        assertTrue(parallel.out().contains("parallel: 2 worker processes, 1 thread(s) each"), parallel.out());
        assertTrue(parallel.out().contains("parallel: 3 cell(s) completed, 0 already done, 0 failed, 0 skipped"),
                parallel.out());
        ObjectMapper json = new ObjectMapper();
        for (String cell : List.of("export/rand", "eval/rand/tiny-fashion/seed-1", "cka/rand")) {
            JsonNode done = json.readTree(spec.resolveSibling("out/cells/" + cell + "/done.json").toFile());
            assertTrue(done.get("pid").asLong() != ProcessHandle.current().pid(), cell + " ran in a worker process");
        }
        CommandRun again = run("run", spec.toString(), "--parallel", "2");
        assertTrue(again.out().contains("0 cell(s) completed, 3 already done"), again.out());

        Path sequential = study("sequential");
        assertEquals(0, run("run", sequential.toString(), "--threads", "1").exitCode());
        assertEquals(records(sequential), records(spec), "the workers' one thread each gives a one-thread run's records");
    }
}
