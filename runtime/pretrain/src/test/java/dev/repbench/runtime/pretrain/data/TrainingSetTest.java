package dev.repbench.runtime.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.Unlabelled;
import dev.repbench.api.task.TaskDataException;
import dev.repbench.runtime.data.IdxTestFiles;
import dev.repbench.runtime.plugin.LoadedProvider;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.tasks.battery.GarmentScenes;
import dev.repbench.tasks.data.idx.FashionMnist;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training sets from Fashion-MNIST files and image folders: the manifest's entries, counts, hash and file. */
class TrainingSetTest {

    @TempDir
    Path temp;

    private Path fashion(int train) throws IOException {
        return IdxTestFiles.fashionMnist(temp.resolve("fmnist-" + train), train, 10);
    }

    private static TrainingSet open(String dataset, String variant, long seed, Path root) {
        return TrainingSet.open(dataset, variant, seed, root, name -> Optional.empty(), List.of("fmnist-cls"));
    }

    @Test
    void theSameSeedGivesTheSameManifestAndAnotherSeedAnotherChoice() throws IOException {
        Path root = fashion(200); // 20 images per class (label = index mod 10)
        DatasetManifest a;
        DatasetManifest b;
        DatasetManifest c;
        try (TrainingSet s = open("fashion-mnist", "half", 3, root)) {
            a = s.manifest();
        }
        try (TrainingSet s = open("fashion-mnist", "half", 3, root)) {
            b = s.manifest();
        }
        try (TrainingSet s = open("fashion-mnist", "half", 4, root)) {
            c = s.manifest();
        }
        assertEquals(a, b);
        assertEquals(a.sha256(), b.sha256());
        assertNotEquals(a.sha256(), c.sha256());
        assertNotEquals(a.entries(), c.entries());
        assertEquals(100, a.entries().size());
        a.histogram().values().forEach(count -> assertEquals(10, count));
    }

    @Test
    void logCountsPerClassAreTheFormulasAndEntriesPointAtTheirImages() throws IOException {
        Path root = fashion(200);
        try (TrainingSet s = open("fashion-mnist", "log:16", 1, root)) {
            DatasetManifest m = s.manifest();
            // 16^((n-1)/9) for n = 1..10: 1, 1.36, 1.85, 2.52, 3.43, 4.66, 6.35, 8.63, 11.76, 16
            List<Integer> expected = List.of(1, 1, 2, 3, 3, 5, 6, 9, 12, 16);
            assertEquals(expected, List.copyOf(m.histogram().values()));
            assertEquals(List.copyOf(m.histogram().keySet()), m.classNames());
            assertEquals(OptionalInt.of(10), s.classCount());
            for (int i = 0; i < m.entries().size(); i++) {
                ManifestEntry e = m.entries().get(i);
                int index = Integer.parseInt(e.item());
                assertEquals(index % 10, e.label());
                Sample sample = s.samples().get(i);
                assertEquals(new ClassLabel(index % 10), sample.target());
                // IdxTestFiles: pixel p of image i is (i * 31 + p * 7) mod 256
                assertEquals(((index * 31 + 5 * 7) % 256) / 255f, sample.image().get(0, 0, 5), 1e-6);
                assertEquals(3, sample.image().channels());
                assertEquals(sha256OfIdxImage(index), e.sha256());
            }
        }
    }

    private static String sha256OfIdxImage(int index) {
        byte[] pixels = new byte[784];
        for (int p = 0; p < 784; p++) {
            pixels[p] = (byte) ((index * 31 + p * 7) % 256);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pixels));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theManifestIsWrittenAsJsonWithItsHistogramAndPrintedAsBars() throws IOException {
        Path root = fashion(40);
        try (TrainingSet s = open("fashion-mnist", "subsample:12", 0, root)) {
            DatasetManifest m = s.manifest();
            m.writeTo(temp);
            JsonNode json = new ObjectMapper().readTree(temp.resolve(DatasetManifest.FILE_NAME).toFile());
            assertEquals("subsample:12", json.get("variant").asText());
            assertEquals(m.sha256(), json.get("sha256").asText());
            assertEquals(12, json.get("entries").size());
            assertEquals(2, json.get("histogram").get("T-shirt/top").asInt());
            assertEquals(1, json.get("histogram").get("Ankle boot").asInt());
            String text = m.histogramText();
            assertTrue(text.startsWith("fashion-mnist, subsample:12: 12 images (seed 0"), text);
            assertTrue(text.lines().anyMatch(l -> l.contains("T-shirt/top") && l.endsWith(" 2 " + "#".repeat(40))), text);
            assertTrue(text.lines().anyMatch(l -> l.contains("Ankle boot") && l.endsWith(" 1 " + "#".repeat(20))), text);
            try (var files = Files.list(temp)) {
                assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".partial")));
            }
        }
    }

    private static void png(Path file, int grey) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 2, (grey << 16) | (7 << 8) | 200);
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void aFolderOfClassSubfoldersIsLabelledInSortedOrderAndHashedByFileBytes() throws IOException {
        Path folder = temp.resolve("images");
        png(folder.resolve("cats/b.png"), 10);
        png(folder.resolve("cats/a.png"), 20);
        png(folder.resolve("dogs/c.png"), 30);
        Files.writeString(folder.resolve("dogs/notes.txt"), "not an image");
        try (TrainingSet s = open(folder.toString(), "full", 0, temp)) {
            DatasetManifest m = s.manifest();
            assertEquals(List.of("cats", "dogs"), m.classNames());
            assertEquals(List.of("cats/a.png", "cats/b.png", "dogs/c.png"), m.entries().stream().map(ManifestEntry::item).toList());
            assertEquals(List.of(0, 0, 1), m.entries().stream().map(ManifestEntry::label).toList());
            assertEquals(HexFormat.of().formatHex(sha256(Files.readAllBytes(folder.resolve("dogs/c.png")))), m.entries().get(2).sha256());
            Sample dog = s.samples().get(2);
            assertEquals(new ClassLabel(1), dog.target());
            assertEquals(30 / 255f, dog.image().get(0, 2, 1), 1e-6);
            assertEquals(7 / 255f, dog.image().get(1, 2, 1), 1e-6);
            assertEquals(200 / 255f, dog.image().get(2, 2, 1), 1e-6);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFlatFolderIsUnlabelledAndRefusesTheUnbalancedVariants() throws IOException {
        Path folder = temp.resolve("flat");
        for (int i = 0; i < 4; i++) {
            png(folder.resolve("img" + i + ".png"), i);
        }
        try (TrainingSet s = open(folder.toString(), "half", 0, temp)) {
            assertEquals(2, s.samples().size());
            assertEquals(Unlabelled.INSTANCE, s.samples().get(0).target());
            assertEquals(OptionalInt.empty(), s.classCount());
            assertEquals(Map.of("folder:flat", 2), s.manifest().histogram());
        }
        Path moved = temp.resolve("elsewhere/flat");
        Files.createDirectories(moved);
        for (int i = 0; i < 4; i++) {
            Files.copy(folder.resolve("img" + i + ".png"), moved.resolve("img" + i + ".png"));
        }
        try (TrainingSet here = open(folder.toString(), "half", 0, temp); TrainingSet there = open(moved.toString(), "half", 0, temp)) {
            assertEquals(here.manifest().sha256(), there.manifest().sha256(), "the hash does not depend on where the folder is");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> open(folder.toString(), "linear", 0, temp));
        assertTrue(e.getMessage().contains("needs labelled images"), e.getMessage());
        TaskDataException missing = assertThrows(TaskDataException.class, () -> open(temp.resolve("nope").toString(), "full", 0, temp));
        assertTrue(missing.getMessage().contains("no such dataset folder"), missing.getMessage());
    }

    @Test
    void aTasksTrainingSplitGivesUnlabelledFirstFrames() throws IOException {
        Path dataRoot = temp.resolve("root");
        IdxTestFiles.fashionMnist(dataRoot.resolve("fashion-mnist"), 40, 10);
        try (PluginRegistry registry = PluginRegistry.load(TrainingSetTest.class.getClassLoader(), temp.resolve("none"));
             TrainingSet s = TrainingSet.open("task:fmnist-cls", "subsample:5", 2, dataRoot,
                     name -> registry.task(name).map(LoadedProvider::provider), List.of())) {
            assertEquals(5, s.samples().size());
            assertEquals(OptionalInt.empty(), s.classCount());
            assertEquals(Map.of("task:fmnist-cls", 5), s.manifest().histogram());
            Sample first = s.samples().get(0);
            assertEquals(Unlabelled.INSTANCE, first.target());
            ManifestEntry entry = s.manifest().entries().getFirst();
            assertEquals(entry.sha256(), PixelHash.of(first.image()));
            assertEquals(64, entry.sha256().length());
        }
    }

    @Test
    void aCombinationTakesAnEqualShareOfEachSourceUnlabelled() throws IOException {
        Path root = fashion(40);
        Path folder = temp.resolve("flat");
        for (int i = 0; i < 6; i++) {
            png(folder.resolve("img" + i + ".png"), i);
        }
        try (TrainingSet s = open("combination:fashion-mnist+" + folder, "full", 0, root)) {
            Map<String, Integer> expected = new LinkedHashMap<>();
            expected.put("fashion-mnist", 3);
            expected.put("folder:flat", 3);
            assertEquals(expected, s.manifest().histogram());
            assertTrue(s.manifest().entries().stream().allMatch(e -> e.label() == null));
            assertEquals(Unlabelled.INSTANCE, s.samples().get(0).target());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> open("combination:fashion-mnist+" + folder, "half", 0, root));
        assertTrue(e.getMessage().contains("use --variant full"), e.getMessage());
        IllegalArgumentException task = assertThrows(IllegalArgumentException.class, () -> open("task:nope", "full", 0, root));
        assertTrue(task.getMessage().contains("no end task 'nope'; known: fmnist-cls"), task.getMessage());
    }

    @Test
    void theGarmentScenesAreTheTrainingGarmentsDrawnAsTheBatteryDrawsThemLabelledByClass() throws IOException {
        Path root = fashion(40);
        GarmentScenes scenes = new GarmentScenes(FashionMnist.read(FashionMnist.locate(root)));
        try (TrainingSet s = open("fashion-mnist-scenes", "subsample:20", 0, root)) {
            DatasetManifest m = s.manifest();
            assertEquals(20, m.entries().size());
            assertEquals(OptionalInt.of(10), s.classCount());
            assertEquals(Map.of("fashion-mnist-scenes", GarmentScenes.GENERATOR_VERSION), m.generators());
            for (int k = 0; k < m.entries().size(); k++) {
                ManifestEntry entry = m.entries().get(k);
                int garment = Integer.parseInt(entry.item());
                Sample sample = s.samples().get(k);
                assertEquals(new ClassLabel(garment % 10), sample.target(), "the training garment's label");
                assertEquals(64, sample.image().width());
                assertArrayEquals(scenes.scene(garment).pixels(), sample.image().pixels());
                assertEquals(PixelHash.of(sample.image()), entry.sha256());
            }
            s.manifest().writeTo(temp);
            JsonNode json = new ObjectMapper().readTree(temp.resolve(DatasetManifest.FILE_NAME).toFile());
            assertEquals(GarmentScenes.GENERATOR_VERSION, json.get("generators").get("fashion-mnist-scenes").asInt());
        }
        try (TrainingSet plain = open("fashion-mnist", "subsample:20", 0, root)) {
            plain.manifest().writeTo(temp);
            JsonNode json = new ObjectMapper().readTree(temp.resolve(DatasetManifest.FILE_NAME).toFile());
            assertFalse(json.has("generators"), "files are read, not generated: " + json);
        }
        try (TrainingSet both = open("combination:fashion-mnist+fashion-mnist-scenes", "full", 0, root)) {
            assertEquals(Map.of("fashion-mnist", 20, "fashion-mnist-scenes", 20), both.manifest().histogram());
        }
    }

    @Test
    void theGarmentScenesHaveNoTestSplitAndAMisspeltNameListsTheKnownDatasets() throws IOException {
        Path root = fashion(40);
        List<String> noTasks = List.of();
        try (ImageSet train = ImageSet.open("fashion-mnist-scenes", Split.TRAIN, 10, 1, root, name -> Optional.empty(), noTasks)) {
            assertEquals(10, train.size());
            assertEquals("train", train.split());
        }
        IllegalArgumentException test = assertThrows(IllegalArgumentException.class,
                () -> ImageSet.open("fashion-mnist-scenes", Split.TEST, 0, 1, root, name -> Optional.empty(), noTasks));
        assertTrue(test.getMessage().contains("training garments only"), test.getMessage());
        TaskDataException misspelt = assertThrows(TaskDataException.class, () -> open("fashion-mnist-scene", "full", 0, root));
        assertTrue(misspelt.getMessage().contains("--dataset fashion-mnist, fashion-mnist-scenes, task:NAME"), misspelt.getMessage());
        assertFalse(misspelt.getMessage().contains("\n"), misspelt.getMessage());
    }
}
