package dev.repbench.runtime.cli.badinput;

import static dev.repbench.runtime.cli.badinput.UserRun.FAILURE;
import static dev.repbench.runtime.cli.badinput.UserRun.USAGE;
import static dev.repbench.runtime.cli.badinput.UserRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.data.IdxTestFiles;
import dev.repbench.runtime.eval.TinyFashionTask;
import dev.repbench.runtime.features.TestEncoders;
import dev.repbench.runtime.plugin.TestJar;
import dev.repbench.runtime.pretrain.FixtureAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad command-line arguments: values out of range (exit code 2, one line naming the option and what it takes), a
 * device that does not exist or that this build lacks, output paths that are files or sit in read-only folders
 * (exit code 1, refused before the work, nothing written, not even half a file). Option parsing itself (unknown
 * options and commands, {@code --device gpu}, {@code --threads 0}) is tested in {@code MainTest}.
 */
class ArgumentInputTest {
    @TempDir
    static Path shared;
    private static Path encoder;
    private static Path plugins;
    private static Path data;

    @TempDir
    Path temp;

    @BeforeAll
    static void encoderTaskAndData() throws IOException {
        encoder = shared.resolve("encoder");
        TestEncoders.resnet18Small(encoder, 1);
        plugins = Files.createDirectories(shared.resolve("plugins"));
        new TestJar().service(EndTask.class, TinyFashionTask.class.getName()).writeTo(plugins.resolve("tiny.jar"));
        data = TinyFashionTask.writeData(Files.createDirectories(shared.resolve("data")), 40, 20);
        IdxTestFiles.fashionMnist(data.resolve("fashion-mnist"), 40, 40);
    }

    private static UserRun eval(String... more) {
        return run(args(List.of("--threads", "2", "--plugins", plugins.toString(), "eval", "--encoder", encoder.toString(),
                "--tasks", TinyFashionTask.NAME, "--data-root", data.toString(), "--epochs", "1"), more));
    }

    private static UserRun pretrain(String... more) {
        return run(args(List.of("--threads", "2", "--plugins", plugins.toString(), "pretrain", "--algorithm",
                FixtureAlgorithm.NAME, "--data-root", data.toString(), "--set", "image-side=32", "--progress", "none"),
                more));
    }

    private static UserRun export(String... more) {
        return run(args(List.of("--threads", "2", "export", "--arch", "resnet18-small", "--random-init"), more));
    }

    private static UserRun cka(String... more) {
        return run(args(List.of("--threads", "2", "cka", "--cache", shared.resolve("cache").toString(), "--encoder", encoder.toString(), "--data-root", data.toString(),
                "--images", "8", "--size", "32", "--progress", "none"), more));
    }

    private static String[] args(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    // ---------------------------------------------------------------- ranges

    @Test
    void anEpochCountOutOfRange() {
        Path out = temp.resolve("run");
        pretrain("--epochs", "0", "--out", out.toString()).assertRefused(USAGE, "--epochs is 1 or more, got 0",
                "see 'repbench pretrain --help'");
        assertTrue(Files.notExists(out));
    }

    @Test
    void aLearningRateOutOfRange() {
        Path results = temp.resolve("results");
        eval("--lr", "-0.001", "--out", results.toString()).assertRefused(USAGE, "--lr is above 0, got -0.001",
                "see 'repbench eval --help'");
        assertTrue(Files.notExists(results));
    }

    @Test
    void aCkaBatchTooSmall() {
        Path out = temp.resolve("cka");
        cka("--batch", "2", "--out", out.toString()).assertRefused(USAGE, "the batch is 4 images or more",
                "see 'repbench cka --help'");
        assertTrue(Files.notExists(out));
    }

    @Test
    void aMalformedInputSize() {
        Path results = temp.resolve("results");
        eval("--input-size", "0x5", "--out", results.toString()).assertRefused(USAGE, "--input-size", "0x5");
        assertTrue(Files.notExists(results));
    }

    @Test
    void aMissingRequiredOption() {
        export().assertRefused(USAGE, "Missing required option: '--out=DIR'", "see 'repbench export --help'");
    }

    // ---------------------------------------------------------------- devices

    @Test
    void aGpuThatDoesNotExist() {
        Path results = temp.resolve("results");
        eval("--device", "cuda:7", "--out", results.toString()).assertRefused(FAILURE, "cuda:7 asked, but",
                "use --device cpu");
        assertTrue(Files.notExists(results));
    }

    @Test
    void aDeviceThisBuildLacks() {
        // Training (the heads) needs a CUDA libtorch; features alone fall back to ONNX Runtime's CPU provider with
        // one line (FeaturesCommandTest), as issue 12 asks.
        Path results = temp.resolve("results");
        eval("--device", "cuda", "--out", results.toString()).assertRefused(FAILURE, "cuda:0 asked, but",
                "is a CPU-only build", "or use --device cpu");
        assertTrue(Files.notExists(results));
    }

    // ---------------------------------------------------------------- output paths

    @Test
    void anExportOutputPathThatIsAFile() throws IOException {
        Path file = Files.writeString(temp.resolve("enc"), "my notes\n");
        Unchanged written = Unchanged.of(file);
        export("--out", file.toString()).assertRefused(FAILURE, file + " is a file", "--out");
        written.assertUnchanged();
    }

    @Test
    void anEvalOutputPathThatIsAFile() throws IOException {
        Path file = Files.writeString(temp.resolve("results"), "my notes\n");
        Unchanged written = Unchanged.of(file);
        eval("--out", file.toString()).assertRefused(FAILURE, file + " is a file", "--out");
        written.assertUnchanged();
    }

    @Test
    void aPretrainOutputPathThatIsAFile() throws IOException {
        Path file = Files.writeString(temp.resolve("run"), "my notes\n");
        Unchanged written = Unchanged.of(file);
        pretrain("--epochs", "1", "--out", file.toString()).assertRefused(FAILURE, file + " is a file", "--out");
        written.assertUnchanged();
    }

    @Test
    void aCkaOutputPathThatIsAFile() throws IOException {
        Path file = Files.writeString(temp.resolve("cka"), "my notes\n");
        Unchanged written = Unchanged.of(file);
        cka("--batch", "4", "--out", file.toString()).assertRefused(FAILURE, file + " is a file", "--out");
        written.assertUnchanged();
    }

    @Test
    void aReadOnlyFolderForAnExport() throws Exception {
        try (ReadOnlyFolder folder = ReadOnlyFolder.create(temp.resolve("read-only"))) {
            Unchanged written = Unchanged.of(folder.path());
            export("--out", folder.path().resolve("enc").toString()).assertRefused(FAILURE, folder.path().toString(),
                    "not writable");
            written.assertUnchanged();
        }
    }

    @Test
    void aReadOnlyFolderForEvalResults() throws Exception {
        try (ReadOnlyFolder folder = ReadOnlyFolder.create(temp.resolve("read-only"))) {
            Unchanged written = Unchanged.of(folder.path());
            eval("--out", folder.path().toString()).assertRefused(FAILURE, folder.path().toString(), "not writable");
            written.assertUnchanged();
        }
    }

    @Test
    void aReadOnlyFolderForPretraining() throws Exception {
        try (ReadOnlyFolder folder = ReadOnlyFolder.create(temp.resolve("read-only"))) {
            Unchanged written = Unchanged.of(folder.path());
            pretrain("--epochs", "1", "--out", folder.path().resolve("run").toString()).assertRefused(FAILURE, folder.path().toString(),
                    "not writable");
            written.assertUnchanged();
        }
    }

    // ---------------------------------------------------------------- a full disk
    // A real file system with no byte left (FullFileSystem): the folder checks pass, as on a full disk, and the write
    // after the work fails. One line naming the folder and the file system's reason; what was there stays as it was.

    private static final String NO_SPACE = "No space left on device";

    @Test
    void aFullDiskForAnExport() throws Exception {
        try (FullFileSystem full = FullFileSystem.mount(temp.resolve("full"))) {
            Unchanged written = Unchanged.of(full.path());
            Path out = full.path().resolve("enc");
            export("--out", out.toString()).assertRefused(FAILURE, "cannot write the encoder files in " + out, NO_SPACE);
            written.assertUnchanged(); // not even the folder it created
        }
    }

    @Test
    void aFullDiskUnderAnEarlierEncoder() throws Exception {
        try (FullFileSystem full = FullFileSystem.mount(temp.resolve("full"), encoder)) {
            Path earlier = full.path().resolve(encoder.getFileName().toString());
            Unchanged written = Unchanged.of(full.path());
            export("--seed", "7", "--out", earlier.toString()).assertRefused(FAILURE,
                    "cannot write the encoder files in " + earlier, NO_SPACE);
            written.assertUnchanged();
        }
    }

    @Test
    void aFullDiskForEvalResults() throws Exception {
        Path results = temp.resolve("results");
        Path cache = temp.resolve("cache");
        assertEquals(0, eval("--out", results.toString(), "--cache", cache.toString()).exitCode());
        try (FullFileSystem full = FullFileSystem.mount(temp.resolve("full"), results)) {
            Path earlier = full.path().resolve("results");
            Unchanged written = Unchanged.of(full.path());
            // another seed: a record to write beside the earlier one, after the head's training
            eval("--seed", "1", "--out", earlier.toString(), "--cache", cache.toString()).assertRefused(FAILURE,
                    earlier.toString(), NO_SPACE);
            written.assertUnchanged();
        }
    }

    @Test
    void aFullDiskForANewEvalResultsFolder() throws Exception {
        try (FullFileSystem full = FullFileSystem.mount(temp.resolve("full"))) {
            Unchanged written = Unchanged.of(full.path());
            Path out = full.path().resolve("results");
            eval("--out", out.toString(), "--cache", temp.resolve("cache").toString()).assertRefused(FAILURE,
                    out.toString(), NO_SPACE);
            written.assertUnchanged(); // not even the folder it created
        }
    }

    @Test
    void aFullDiskForPretraining() throws Exception {
        try (FullFileSystem full = FullFileSystem.mount(temp.resolve("full"))) {
            Unchanged written = Unchanged.of(full.path());
            Path out = full.path().resolve("run");
            pretrain("--epochs", "1", "--out", out.toString()).assertRefused(FAILURE, out.toString(), NO_SPACE);
            written.assertUnchanged();
        }
    }

    @Test
    void aFullDiskForCka() throws Exception {
        try (FullFileSystem full = FullFileSystem.mount(temp.resolve("full"))) {
            Unchanged written = Unchanged.of(full.path());
            Path out = full.path().resolve("cka");
            cka("--batch", "4", "--out", out.toString()).assertRefused(FAILURE, out.toString(), NO_SPACE);
            written.assertUnchanged();
        }
    }

    // ---------------------------------------------------------------- --verbose

    /** The stack trace is there when asked for: the same refusal with {@code --verbose} adds it. */
    @Test
    void verboseAddsTheStackTrace() {
        Path results = temp.resolve("results");
        UserRun r = eval("--verbose", "--device", "cuda:7", "--out", results.toString());
        assertEquals(FAILURE, r.exitCode());
        assertTrue(r.errLines().getFirst().startsWith("repbench: cuda:7 asked, but"), r.err());
        assertTrue(r.err().contains("\tat dev.repbench."), r.err());
    }
}
