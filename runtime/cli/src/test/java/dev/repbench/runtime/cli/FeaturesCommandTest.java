package dev.repbench.runtime.cli;

import dev.repbench.runtime.features.Python;
import dev.repbench.runtime.features.TestEncoders;

import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.runtime.data.IdxTestFiles;
import dev.repbench.runtime.features.cache.FeatureFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code repbench features} through the configured command line, as a user runs it (not on a terminal). */
class FeaturesCommandTest {
    @TempDir
    static Path temp;
    static Path encoder;
    static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        encoder = TestEncoders.resnet18Small(temp.resolve("enc"), 11).onnxFile().getParent();
        data = IdxTestFiles.fashionMnist(temp.resolve("fashion"), 9, 5);
    }

    private static final Pattern ENTRY = Pattern.compile("(computed |cache hit) (\\S+) (\\[[^]]*]) (f16|f32): (\\S+)");

    @Test
    void extractsThenReusesTheCacheWithProgressLinesOffTerminal() throws Exception {
        Path cache = temp.resolve("cache1");
        String[] args = {"--threads", "2", "features", "--encoder", encoder.toString(), "--data-root", data.toString(),
                "--split", "train", "--limit", "7", "--outputs", "embedding,block5", "--batch", "3", "--cache", cache.toString()};
        CommandRun first = run(args);
        assertEquals(0, first.exitCode(), first.err());
        List<String> progress = first.err().lines().filter(l -> l.startsWith("features resnet18-small fashion-mnist/train:")).toList();
        assertEquals("features resnet18-small fashion-mnist/train: 0/7 images", progress.getFirst(), first.err());
        assertTrue(progress.getLast().matches(".*: 7/7 images \\(100 %\\), [0-9.]+ img/s, [0-9.]+ s"), progress.getLast());
        assertFalse(first.err().contains("\r"), "no terminal control characters off a terminal");

        Matcher m = ENTRY.matcher(first.out());
        assertTrue(m.find(), first.out());
        assertEquals("computed ", m.group(1));
        assertEquals("embedding", m.group(2));
        assertEquals("[7, 512]", m.group(3));
        Path embedding = Path.of(m.group(5));
        assertTrue(embedding.startsWith(cache.toAbsolutePath().normalize()), embedding.toString());
        assertTrue(m.find());
        assertEquals("block5", m.group(2));
        assertEquals("[7, 512, 4, 4]", m.group(3));
        assertTrue(first.out().contains("7 images in "), first.out());
        try (FeatureFile f = FeatureFile.open(embedding)) {
            assertEquals(7, f.rows());
            assertTrue(Math.abs(f.get(0)) + Math.abs(f.get(513)) > 0);
        }

        CommandRun second = run(args);
        assertEquals(0, second.exitCode(), second.err());
        assertTrue(second.out().contains("cache hit embedding [7, 512] f32: " + embedding), second.out());
        assertTrue(second.out().contains("nothing computed"), second.out());
        assertFalse(second.err().contains("images ("), "no progress when nothing is computed: " + second.err());

        CommandRun f16 = run("features", "--encoder", encoder.toString(), "--data-root", data.toString(), "--split", "train",
                "--limit", "7", "--dtype", "f16", "--cache", cache.toString(), "--progress", "none");
        assertEquals(0, f16.exitCode(), f16.err());
        assertTrue(f16.out().startsWith("computed  embedding [7, 512] f16: "), f16.out());
        assertEquals("", f16.err());
        String numpy = Python.run("import sys, numpy as np; a = np.load(sys.argv[1]); b = np.load(sys.argv[2]);"
                        + " print(a.shape, a.dtype, bool(np.allclose(a.astype(np.float32), b, rtol=1e-3, atol=1e-3)))",
                f16.out().substring(f16.out().indexOf(": ") + 2).lines().findFirst().orElseThrow(), embedding.toString());
        assertEquals("(7, 512) float16 True", numpy.strip());
    }

    /** This build's ONNX Runtime has no CUDA provider: features run on the CPU one, said in exactly one line. */
    @Test
    void cudaFallsBackToTheCpuProviderOnOneLineNamingWhatIsMissing() {
        CommandRun r = run("--device", "cuda", "features", "--encoder", encoder.toString(), "--data-root", data.toString(),
                "--split", "test", "--limit", "3", "--cache", temp.resolve("cache2").toString(), "--progress", "none");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(List.of("features: ONNX Runtime CPU provider (CUDA provider unavailable: this ONNX Runtime build has"
                + " no CUDA provider; needs onnxruntime_gpu (mvn -Pcuda) with CUDA 12 + cuDNN 9)"), r.errLines());
        assertTrue(r.out().startsWith("computed  embedding [3, 512] f32: "), r.out());
    }

    @Test
    void missingDataNamesThePathAndThePackage() {
        Path absent = temp.resolve("no-data");
        CommandRun r = run("features", "--encoder", encoder.toString(), "--data-root", absent.toString(), "--split", "test",
                "--cache", temp.resolve("cache3").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains(absent.toString()) && r.err().contains("apt-get install dataset-fashion-mnist"), r.err());
    }

    @Test
    void badArgumentsAreUsageErrors() throws Exception {
        Path cache = temp.resolve("cache4");
        CommandRun output = run("features", "--encoder", encoder.toString(), "--data-root", data.toString(), "--split", "test",
                "--outputs", "logits", "--cache", cache.toString());
        assertEquals(2, output.exitCode());
        assertTrue(output.err().contains("--outputs [logits] not in"), output.err());
        CommandRun split = run("features", "--encoder", encoder.toString(), "--split", "val");
        assertEquals(2, split.exitCode());
        assertTrue(split.err().contains("--split 'val' is not train or test"), split.err());
        CommandRun dtype = run("features", "--encoder", encoder.toString(), "--split", "test", "--dtype", "f64");
        assertEquals(2, dtype.exitCode());
        assertTrue(dtype.err().contains("'f64' is not a feature dtype"), dtype.err());
        CommandRun noEncoder = run("features", "--encoder", temp.resolve("nothing").toString(), "--split", "test");
        assertEquals(1, noEncoder.exitCode());
        assertFalse(Files.exists(cache));
    }
}
