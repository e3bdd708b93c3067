package dev.repbench.runtime.cli;

import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.data.IdxTestFiles;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.pretrain.FixtureAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repbench pretrain} and {@code repbench list algorithms --verbose} through the configured command line. */
class PretrainCommandTest {

    @TempDir
    Path temp;

    private Path fashion;

    @BeforeEach
    void data() throws IOException {
        fashion = IdxTestFiles.fashionMnist(temp.resolve("fmnist"), 40, 10);
        Files.createDirectories(temp.resolve("none"));
    }

    private CommandRun pretrain(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("--threads", "2", "--plugins", temp.resolve("none").toString(),
                "pretrain", "--algorithm", FixtureAlgorithm.NAME, "--data-root", fashion.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        if (!args.contains("--progress")) {
            args.addAll(List.of("--progress", "lines"));
        }
        return run(args.toArray(String[]::new));
    }

    @Test
    void cudaOnACpuOnlyLibtorchFailsOnOneLineBeforeAnyWork() {
        Path out = temp.resolve("cuda");
        CommandRun r = run("--device", "cuda", "--plugins", temp.resolve("none").toString(), "pretrain", "--algorithm",
                FixtureAlgorithm.NAME, "--data-root", fashion.toString(), "--epochs", "1", "--out", out.toString());
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("is a CPU-only build"), r.err());
        assertFalse(Files.exists(out), "nothing is written: no manifest, no run record");
    }

    @Test
    void aRunPrintsTheHistogramAndProgressExportsAndIsSkippedWhenRepeated() {
        Path out = temp.resolve("run");
        CommandRun r = pretrain(out, "--variant", "quarter", "--epochs", "1", "--seed", "3", "--set", "image-side=32");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("fashion-mnist, quarter: 10 images (seed 3"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith("T-shirt/top") && l.contains(" 1 #")), r.out());
        assertTrue(r.out().contains("exported " + out.toAbsolutePath().resolve(EncoderFiles.ONNX_FILE)), r.out());
        assertTrue(r.err().contains("pretrain " + FixtureAlgorithm.NAME + ": step 1/1 (100 %), loss 1.0000, 28.0 img/s, done"), r.err());
        assertTrue(Files.exists(out.resolve("pretrain.json")) && Files.exists(out.resolve("dataset.json")));

        CommandRun again = pretrain(out, "--variant", "quarter", "--epochs", "1", "--seed", "3", "--set", "image-side=32");
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().startsWith("already done: "), again.out());
    }

    @Test
    void thePrecisionIsPartOfTheRecordedJobAndOnlyFp32OrBf16AreTaken() throws IOException {
        Path out = temp.resolve("bf16");
        CommandRun r = pretrain(out, "--epochs", "1", "--set", "image-side=32", "--precision", "bf16");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.readString(out.resolve("pretrain.json")).matches("(?s).*\"precision\"\\s*:\\s*\"bf16\".*"),
                Files.readString(out.resolve("pretrain.json")));
        CommandRun fp32 = pretrain(out, "--epochs", "1", "--set", "image-side=32");
        assertEquals(1, fp32.exitCode(), "the same folder in another precision is another job");
        assertTrue(fp32.err().contains("precision bf16 there, fp32 now"), fp32.err());
        CommandRun bad = pretrain(temp.resolve("fp16"), "--epochs", "1", "--precision", "fp16");
        assertEquals(2, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("'fp16' is not a precision; use fp32 or bf16"), bad.err());
    }

    @Test
    void anUnfinishedRunNeedsResumeToContinue() {
        Path out = temp.resolve("crashed");
        CommandRun crash = pretrain(out, "--epochs", "2", "--set", "crash-after-epoch=1");
        assertEquals(1, crash.exitCode());
        assertEquals(1, crash.errLines().stream().filter(l -> l.startsWith("repbench: ")).count(), crash.err());
        assertTrue(crash.err().contains("crash requested after epoch 1; rerun to resume"), crash.err());

        CommandRun again = pretrain(out, "--epochs", "2", "--set", "crash-after-epoch=1");
        assertEquals(2, again.exitCode());
        assertEquals(List.of("repbench: " + out + " holds checkpoints of an unfinished run; add --resume to continue it,"
                + " or use another --out (see 'repbench pretrain --help')"), again.errLines());
    }

    @Test
    void unknownAlgorithmsAndConfigNamesFailOnOneLineListingTheKnownOnes() {
        CommandRun algorithm = run("--plugins", temp.resolve("none").toString(), "pretrain", "--algorithm", "mocco",
                "--epochs", "1", "--out", temp.resolve("a").toString(), "--data-root", fashion.toString());
        assertEquals(1, algorithm.exitCode());
        assertEquals(1, algorithm.errLines().size(), algorithm.err());
        assertTrue(algorithm.err().startsWith("repbench: unknown algorithm 'mocco'; known: ")
                && algorithm.err().contains(FixtureAlgorithm.NAME), algorithm.err());

        CommandRun key = pretrain(temp.resolve("b"), "--epochs", "1", "--set", "momentum=0.9");
        assertEquals(1, key.exitCode());
        assertEquals(1, key.errLines().size(), key.err());
        assertTrue(key.err().contains("unknown config name 'momentum'; known: [crash-after-epoch, image-side, learning-rate]"
                + " (see its defaults with 'repbench list algorithms --verbose')"), key.err());

        CommandRun value = pretrain(temp.resolve("c"), "--epochs", "1", "--set", "learning-rate=fast");
        assertEquals(1, value.exitCode());
        assertTrue(value.err().contains("config 'learning-rate' must be a number, got 'fast'"), value.err());
    }

    @Test
    void badOptionsAreUsageErrors() {
        CommandRun noEquals = pretrain(temp.resolve("d"), "--epochs", "1", "--set", "momentum");
        assertEquals(2, noEquals.exitCode());
        assertEquals(1, noEquals.errLines().size(), noEquals.err());
        CommandRun progress = pretrain(temp.resolve("e"), "--epochs", "1", "--progress", "fancy");
        assertEquals(2, progress.exitCode());
        assertTrue(progress.err().contains("--progress 'fancy' is not auto, bar, lines or none"), progress.err());
        CommandRun epochs = pretrain(temp.resolve("f"), "--epochs", "0");
        assertEquals(2, epochs.exitCode());
        assertTrue(epochs.err().contains("--epochs is 1 or more"), epochs.err());
        CommandRun variant = pretrain(temp.resolve("g"), "--epochs", "1", "--variant", "third");
        assertEquals(1, variant.exitCode());
        assertTrue(variant.err().contains("unknown variant 'third'; known: full, half"), variant.err());
    }

    @Test
    void listAlgorithmsVerboseShowsEachAlgorithmsDefaults() {
        CommandRun r = run("--plugins", temp.resolve("none").toString(), "list", "algorithms", "--verbose");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf(FixtureAlgorithm.NAME + " defaults:");
        assertTrue(header > 0, r.out());
        assertEquals(List.of("  crash-after-epoch = 0", "  image-side = 32", "  learning-rate = 0.1"),
                lines.subList(header + 1, header + 4));
        CommandRun plain = run("--plugins", temp.resolve("none").toString(), "list", "algorithms");
        assertTrue(plain.out().lines().noneMatch(l -> l.endsWith(" defaults:")), plain.out());
    }
}
