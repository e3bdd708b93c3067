package dev.repbench.runtime.cli;

import dev.repbench.runtime.analysis.cka.CkaFile;

import static dev.repbench.runtime.cli.CommandRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.repbench.runtime.encoder.ExternalModelFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.runtime.data.IdxTestFiles;
import dev.repbench.runtime.features.TestEncoders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CkaCommandTest {
    @TempDir
    static Path temp;
    static Path a;
    static Path b;
    static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        a = TestEncoders.resnet18Small(temp.resolve("a"), 3).onnxFile().getParent();
        b = TestEncoders.resnet18Small(temp.resolve("b"), 4).onnxFile().getParent();
        data = IdxTestFiles.fashionMnist(temp.resolve("fashion"), 4, 20);
    }

    @Test
    void writesTheBetweenMatrixAsJsonAndCsv() throws Exception {
        Path out = temp.resolve("out-between");
        CommandRun r = run("--threads", "2", "cka", "--cache", temp.resolve("cache").toString(),
                "--encoder", a.toString(), "--encoder", b.toString(),
                "--outputs", "block2,block4,embedding", "--images", "20", "--progress", "none", "--batch", "8", "--size", "32",
                "--data-root", data.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("A:block2"), r.out());
        assertTrue(r.out().contains("16 images in 2 batches of 8"), r.out());

        JsonNode json = new ObjectMapper().readTree(out.resolve(CkaFile.JSON_FILE).toFile());
        assertEquals(CkaFile.FORM, json.get("form").asText());
        assertEquals(16, json.get("images").asInt());
        assertEquals(8, json.get("batchSize").asInt());
        assertFalse(json.get("symmetric").asBoolean());
        assertEquals(List.of("A:block2", "A:block4", "A:embedding"),
                new ObjectMapper().convertValue(json.get("rowLabels"), List.class));
        assertEquals(List.of("B:block2", "B:block4", "B:embedding"),
                new ObjectMapper().convertValue(json.get("columnLabels"), List.class));
        assertEquals(2, json.get("encoders").size());
        assertEquals(64, json.get("encoders").get(0).get("onnxSha256").asText().length());
        assertEquals(3, json.get("values").size());

        List<String> csv = Files.readAllLines(out.resolve(CkaFile.CSV_FILE));
        assertEquals(4, csv.size());
        assertEquals(",B:block2,B:block4,B:embedding", csv.get(0));
        String[] cells = csv.get(1).split(",");
        assertEquals("A:block2", cells[0]);
        assertEquals(json.get("values").get(0).get(0).asDouble(), Double.parseDouble(cells[1]), 0.0);
    }

    /**
     * A folder of images in two classes, 6 and 4, and a balanced subset of 8: 4 of each, the same 8 for the same
     * seed (the same manifest), others for another seed; and a task's images by name.
     */
    @Test
    void anyImagesAFolderOrATaskWithABalancedSubset() throws Exception {
        Path folder = temp.resolve("images");
        for (int i = 0; i < 10; i++) {
            Path file = Files.createDirectories(folder.resolve(i < 6 ? "cats" : "dogs")).resolve("img" + i + ".png");
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(12, 12, java.awt.image.BufferedImage.TYPE_INT_RGB);
            image.setRGB(i, i, 0xFFFFFF / (i + 1));
            image.setRGB(11 - i, 3, 0x123456 * (i + 1));
            javax.imageio.ImageIO.write(image, "png", file.toFile());
        }
        List<String> manifests = new java.util.ArrayList<>();
        for (String seed : List.of("1", "1", "2")) {
            Path out = temp.resolve("out-folder-" + manifests.size());
            CommandRun r = run("--threads", "2", "cka", "--cache", temp.resolve("cache").toString(),
                "--encoder", a.toString(), "--outputs", "block3,embedding",
                    "--dataset", folder.toString(), "--subset", "balanced", "--images", "8", "--batch", "4", "--seed", seed,
                    "--size", "32", "--progress", "none", "--out", out.toString());
            assertEquals(0, r.exitCode(), r.err());
            JsonNode json = new ObjectMapper().readTree(out.resolve(CkaFile.JSON_FILE).toFile());
            assertEquals(folder.toString(), json.get("dataset").asText());
            assertEquals("all (balanced 8, seed " + seed + ")", json.get("split").asText());
            assertEquals(8, json.get("images").asInt());
            manifests.add(json.get("datasetManifestHash").asText());
        }
        assertEquals(manifests.get(0), manifests.get(1), "the same seed draws the same images");
        assertFalse(manifests.get(0).equals(manifests.get(2)), "another seed draws others");

        Path out = temp.resolve("out-task");
        CommandRun r = run("--threads", "2", "cka", "--cache", temp.resolve("cache").toString(),
                "--encoder", a.toString(), "--outputs", "block3,embedding",
                "--dataset", "task:fmnist-cls", "--split", "test", "--subset", "balanced", "--images", "20", "--batch", "10",
                "--size", "32", "--progress", "none", "--data-root", data.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve(CkaFile.JSON_FILE).toFile());
        assertEquals("task:fmnist-cls", json.get("dataset").asText());
        assertEquals("test (balanced 20, seed 0)", json.get("split").asText());

        CommandRun unknown = run("cka", "--cache", temp.resolve("cache").toString(),
                "--encoder", a.toString(), "--dataset", "task:no-such-task", "--images", "8",
                "--batch", "4", "--out", temp.resolve("out-unknown").toString());
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().startsWith("repbench: dataset 'task:no-such-task': no end task 'no-such-task'; known: "),
                unknown.err());
    }

    @Test
    void anEncoderComparedAgainReadsItsGramsFromTheCacheAndGivesTheSameMatrix() throws Exception {
        Path cache = temp.resolve("cache-again");
        java.util.function.BiFunction<String, List<String>, CommandRun> cka = (name, encoders) -> {
            List<String> args = new java.util.ArrayList<>(List.of("--threads", "2", "cka", "--cache", cache.toString(),
                    "--outputs", "block2,embedding", "--images", "16", "--batch", "8", "--size", "32", "--progress", "none",
                    "--data-root", data.toString(), "--out", temp.resolve(name).toString()));
            encoders.forEach(e -> args.addAll(List.of("--encoder", e)));
            return run(args.toArray(String[]::new));
        };
        CommandRun within = cka.apply("again-a", List.of(a.toString()));
        assertEquals(0, within.exitCode(), within.err());
        assertFalse(within.out().contains("from the cache"), within.out());
        CommandRun between = cka.apply("again-ab", List.of(a.toString(), b.toString()));
        assertTrue(between.out().contains("one encoder's Grams from the cache"), between.out());
        CommandRun twice = cka.apply("again-ab-2", List.of(a.toString(), b.toString()));
        assertTrue(twice.out().contains("every encoder's Grams from the cache"), twice.out());
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(temp.resolve("again-ab/cka.json").toFile()).get("values"),
                json.readTree(temp.resolve("again-ab-2/cka.json").toFile()).get("values"));
    }

    @Test
    void oneEncoderGivesASymmetricMatrixWithAUnitDiagonal() throws Exception {
        Path out = temp.resolve("out-within");
        CommandRun r = run("--threads", "2", "cka", "--cache", temp.resolve("cache").toString(),
                "--encoder", a.toString(), "--images", "16", "--batch", "8", "--size", "32",
                "--data-root", data.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode values = new ObjectMapper().readTree(out.resolve(CkaFile.JSON_FILE).toFile()).get("values");
        assertEquals(6, values.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(1.0, values.get(i).get(i).asDouble(), 1e-9);
            for (int j = 0; j < 6; j++) {
                assertEquals(values.get(i).get(j).asDouble(), values.get(j).get(i).asDouble(), 0.0);
            }
        }
    }

    /**
     * Without --outputs, the outputs compared are those every encoder has: an imported ViT's four blocks and its
     * embedding, against the ResNet's five and its embedding, compare on block1..block4 and the embedding.
     */
    @Test
    void withoutOutputsTheOutputsTheEncodersShareAreCompared() throws Exception {
        Path vit = temp.resolve("vit");
        assertEquals(0, run("--threads", "2", "import", "--onnx", ExternalModelFiles.onnx("vit").toString(), "--out",
                vit.toString()).exitCode());
        Path out = temp.resolve("out-shared");
        CommandRun r = run("--threads", "2", "cka", "--cache", temp.resolve("cache").toString(), "--encoder", a.toString(),
                "--encoder", vit.toString(), "--images", "16", "--batch", "8", "--size", "64", "--data-root",
                data.toString(), "--out", out.toString(), "--progress", "none");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode file = new ObjectMapper().readTree(out.resolve(CkaFile.JSON_FILE).toFile());
        assertEquals("[\"A:block1\",\"A:block2\",\"A:block3\",\"A:block4\",\"A:embedding\"]",
                file.get("rowLabels").toString());
    }

    @Test
    void anUnknownOutputIsAOneLineUsageError() {
        CommandRun r = run("cka", "--cache", temp.resolve("cache").toString(),
                "--encoder", a.toString(), "--outputs", "block1,block7", "--data-root", data.toString(),
                "--out", temp.resolve("never").toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("block7"), r.err());
        assertFalse(Files.exists(temp.resolve("never")));
    }
}
