package dev.repbench.runtime.cli.badinput;

import static dev.repbench.runtime.cli.badinput.UserRun.FAILURE;
import static dev.repbench.runtime.cli.badinput.UserRun.USAGE;
import static dev.repbench.runtime.cli.badinput.UserRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.SpiVersion;
import dev.repbench.runtime.data.IdxTestFiles;
import dev.repbench.runtime.plugin.TestJar;
import dev.repbench.runtime.pretrain.FixtureAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad run specs given to {@code repbench run} (every problem listed with its line and column, exit code 2, nothing
 * run) and bad plugin jars met by {@code repbench pretrain} (a warning naming the jar, then one line saying why the
 * algorithm cannot be used, exit code 1, nothing written). The spec validator and the plugin loader are unit-tested
 * in {@code SpecLoaderTest} and {@code PluginRegistryTest}.
 */
class SpecAndPluginInputTest {
    @TempDir
    Path temp;
    private Path data;
    private Path plugins;
    private Path out;

    @BeforeEach
    void folders() throws IOException {
        data = IdxTestFiles.fashionMnist(temp.resolve("data/fashion-mnist"), 40, 10).getParent();
        plugins = Files.createDirectories(temp.resolve("plugins"));
        out = temp.resolve("run");
    }

    // ---------------------------------------------------------------- run specs

    /** A valid spec, then edited by each test: a random-init encoder evaluated on nothing but its export. */
    private Path spec(String yaml) throws IOException {
        return Files.writeString(temp.resolve("study.yaml"), yaml);
    }

    private static final String GOOD_SPEC = """
            name: tiny
            output: out
            data-root: data
            threads: 2
            seeds: [1]
            encoders:
              rand: { random-init: { arch: resnet18-small, seed: 3 } }
            tasks: [fmnist-cls]
            report: false
            """;

    /** Refused as a spec is: exit 2, the count, then one {@code FILE:LINE:COL: …} line per problem; nothing run. */
    private void assertSpecRefused(Path spec, int problems, String... mentions) {
        Unchanged written = Unchanged.of(temp.resolve("out"));
        UserRun r = run("run", spec.toString());
        assertEquals(USAGE, r.exitCode(), r.err());
        List<String> lines = r.errLines();
        assertEquals("repbench: " + problems + " problem(s) in the run spec, nothing was run:", lines.getFirst(), r.err());
        assertEquals(problems + 1, lines.size(), r.err());
        lines.subList(1, lines.size()).forEach(line -> assertTrue(line.startsWith("  " + spec + ":"), line));
        for (String mention : mentions) {
            assertTrue(r.err().contains(mention), "'" + mention + "' in:\n" + r.err());
        }
        r.assertNoStackTrace();
        written.assertUnchanged();
    }

    @Test
    void aSpecFileThatDoesNotExist() {
        Path absent = temp.resolve("stduy.yaml");
        assertSpecRefused(absent, 1, "cannot read the spec file", "does not exist", "check the path");
    }

    @Test
    void aSpecThatIsNotYaml() throws IOException {
        Path spec = spec(GOOD_SPEC.replace("seeds: [1]", "seeds: [1"));
        assertSpecRefused(spec, 1, spec + ":");
    }

    @Test
    void aSpecWithAnUnknownField() throws IOException {
        Path spec = spec(GOOD_SPEC.replace("threads: 2", "threads: 2\nthreds: 4"));
        assertSpecRefused(spec, 1, spec + ":5:1: threds: unknown field");
    }

    @Test
    void aSpecWithAValueOutOfRange() throws IOException {
        Path spec = spec(GOOD_SPEC.replace("seed: 3", "seed: -3"));
        assertSpecRefused(spec, 1, "encoders.rand.random-init.seed: must be 0 or more");
    }

    @Test
    void aSpecWithAValueOfTheWrongType() throws IOException {
        Path spec = spec(GOOD_SPEC.replace("threads: 2", "threads: two"));
        assertSpecRefused(spec, 1, spec + ":4:10: threads:");
    }

    @Test
    void aSpecNamingAnUnknownTask() throws IOException {
        Path spec = spec(GOOD_SPEC.replace("[fmnist-cls]", "[fmnist-clss]"));
        assertSpecRefused(spec, 1, "tasks[0]: unknown task or group 'fmnist-clss'");
    }

    @Test
    void aSpecNamingAMissingOnnxFile() throws IOException {
        Path spec = spec(GOOD_SPEC.replace("rand: { random-init: { arch: resnet18-small, seed: 3 } }",
                "mine: { onnx: encoders/mine.onnx }"));
        assertSpecRefused(spec, 1, "encoders.mine.onnx", "mine.onnx");
    }

    // ---------------------------------------------------------------- plugin jars

    private UserRun pretrain(String algorithm) {
        return run("--threads", "2", "--plugins", plugins.toString(), "pretrain", "--algorithm", algorithm, "--data-root",
                data.toString(), "--epochs", "1", "--set", "image-side=32", "--out", out.toString(), "--progress", "none");
    }

    @Test
    void aCorruptPluginJar() throws IOException {
        byte[] noise = new byte[2048];
        new Random(7).nextBytes(noise);
        Path jar = Files.write(plugins.resolve("byol.jar"), noise);
        Unchanged written = Unchanged.of(plugins, out);
        pretrain("byol").assertRefused(FAILURE, 1, "unknown algorithm 'byol'", "if it is in " + jar,
                "see the warning above");
        assertTrue(run("--plugins", plugins.toString(), "list", "algorithms").err()
                .startsWith("warning: " + jar + " cannot be read as a jar ("));
        written.assertUnchanged();
    }

    @Test
    void aPluginJarForAnotherSpiMajorVersion() throws IOException {
        Path jar = new TestJar().spi("2.0").source("future.Algo", TestJar.algorithm("future.Algo", "future-algo", ""))
                .service(PretrainingAlgorithm.class, "future.Algo").writeTo(plugins.resolve("future.jar"));
        Unchanged written = Unchanged.of(plugins, out);
        UserRun r = pretrain("future-algo").assertRefused(FAILURE, 1, "unknown algorithm 'future-algo'", "if it is in " + jar);
        assertTrue(r.errLines().getFirst().startsWith("warning: " + jar) && r.err().contains("SPI 2.0")
                && r.err().contains("SPI " + SpiVersion.CURRENT), r.err());
        written.assertUnchanged();
    }

    @Test
    void anAlgorithmWhoseNameClashesWithABuiltIn() throws IOException {
        Path jar = new TestJar().source("clash.Algo", TestJar.algorithm("clash.Algo", FixtureAlgorithm.NAME, ""))
                .service(PretrainingAlgorithm.class, "clash.Algo").writeTo(plugins.resolve("mine.jar"));
        Unchanged written = Unchanged.of(plugins, out);
        UserRun r = pretrain(FixtureAlgorithm.NAME).assertRefused(FAILURE, 1,
                "algorithm '" + FixtureAlgorithm.NAME + "' is offered by built-in and also by " + jar,
                "does not guess", "rename the plugin's algorithm, or remove its jar");
        assertTrue(r.errLines().getFirst().startsWith("warning: algorithm '" + FixtureAlgorithm.NAME + "' from " + jar),
                r.err());
        written.assertUnchanged();
    }
}
