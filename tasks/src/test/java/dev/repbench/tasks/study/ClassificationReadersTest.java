package dev.repbench.tasks.study;

import static dev.repbench.tasks.study.Fixtures.rgb;
import static dev.repbench.tasks.study.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.TaskContext;
import dev.repbench.api.task.TaskDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image-level study readers on small fixtures written in each dataset's real layout. */
class ClassificationReadersTest {
    @TempDir
    Path root;

    private TaskDataset open(EndTask task) {
        return task.open(TaskContext.of(root, 0));
    }

    private static List<Integer> labels(SampleSource source) {
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            labels.add(((ClassLabel) source.get(i).target()).index());
        }
        return labels;
    }

    @Test
    void imageNetReadsClassFoldersAndTheFlatValidationWithItsSolutionFile() {
        Path imagenet = root.resolve("imagenet");
        rgb(imagenet.resolve("train/n01/a.JPEG"), 5, 7, 255, 0, 0);
        rgb(imagenet.resolve("train/n02/b.JPEG"), 5, 7, 0, 255, 0);
        rgb(imagenet.resolve("train/n02/c.JPEG"), 5, 7, 0, 255, 0);
        rgb(imagenet.resolve("val/ILSVRC2012_val_00000001.JPEG"), 4, 4, 0, 0, 255);
        text(imagenet.resolve("LOC_val_solution.csv"), "ImageId,PredictionString", "ILSVRC2012_val_00000001,n02 1 2 3 4");
        try (TaskDataset data = open(new ImageNetClassification())) {
            assertEquals(List.of(0, 1, 1), labels(data.split(Split.TRAIN)));
            assertEquals(List.of(1), labels(data.split(Split.TEST)));
            Sample first = data.split(Split.TRAIN).get(0);
            assertEquals(3, first.frames().getFirst().channels());
            assertEquals(5, first.frames().getFirst().height());
            assertEquals(7, first.frames().getFirst().width());
            assertTrue(first.frames().getFirst().pixels()[0] > 0.9f, "red channel of a red JPEG");
        }
    }

    @Test
    void imageNetV2TestsWithImageNetsClassesAndTrainsOnImageNet() {
        rgb(root.resolve("imagenet/train/n01/a.JPEG"), 4, 4, 1, 2, 3);
        rgb(root.resolve("imagenet/train/n02/b.JPEG"), 4, 4, 1, 2, 3);
        rgb(root.resolve("imagenetv2-matched-frequency-format-val/1/x.jpeg"), 4, 4, 1, 2, 3);
        rgb(root.resolve("imagenetv2-matched-frequency-format-val/0/y.jpeg"), 4, 4, 1, 2, 3);
        try (TaskDataset data = open(new ImageNetV2Classification())) {
            assertEquals(List.of(0, 1), labels(data.split(Split.TRAIN)));
            assertEquals(List.of(0, 1), labels(data.split(Split.TEST)));
        }
    }

    @Test
    void petsUsesTheOfficialListsWithOneBasedClassIds() {
        Path pets = root.resolve("oxford-iiit-pet");
        rgb(pets.resolve("images/Abyssinian_1.jpg"), 3, 3, 9, 9, 9);
        rgb(pets.resolve("images/yorkshire_terrier_2.jpg"), 3, 3, 9, 9, 9);
        text(pets.resolve("annotations/trainval.txt"), "#Image CLASS-ID SPECIES BREED ID", "Abyssinian_1 1 1 1");
        text(pets.resolve("annotations/test.txt"), "yorkshire_terrier_2 37 2 25");
        try (TaskDataset data = open(new PetsClassification())) {
            assertEquals(List.of(0), labels(data.split(Split.TRAIN)));
            assertEquals(List.of(36), labels(data.split(Split.TEST)));
        }
    }

    @Test
    void caltechDrawsThirtyTrainingImagesPerClassTheSameWayEveryTime() {
        Path images = root.resolve("caltech-101/101_ObjectCategories");
        for (String cls : List.of("accordion", "airplanes")) {
            for (int i = 0; i < 33; i++) {
                rgb(images.resolve(cls + "/image_" + i + ".jpg"), 2, 2, 0, 0, 0);
            }
        }
        TaskDataset first = open(new Caltech101Classification());
        Map<Integer, Integer> perClass = new HashMap<>();
        labels(first.split(Split.TRAIN)).forEach(l -> perClass.merge(l, 1, Integer::sum));
        assertEquals(Map.of(0, 30, 1, 30), perClass);
        assertEquals(6, first.split(Split.TEST).size());
        assertEquals(first.manifestHash(), open(new Caltech101Classification()).manifestHash(), "fixed split seed");
    }

    @Test
    void euroSatTrainsOnEightyPercentOfEachClass() {
        for (String cls : List.of("Forest", "River")) {
            for (int i = 0; i < 10; i++) {
                rgb(root.resolve("EuroSAT/2750/" + cls + "/" + cls + "_" + i + ".jpg"), 2, 2, 0, 0, 0);
            }
        }
        try (TaskDataset data = open(new EuroSatClassification())) {
            assertEquals(16, data.split(Split.TRAIN).size());
            assertEquals(4, data.split(Split.TEST).size());
        }
    }

    @Test
    void dtdTrainsOnTrainAndValOfSplitOne() {
        Path dtd = root.resolve("dtd");
        rgb(dtd.resolve("images/banded/banded_1.jpg"), 2, 2, 0, 0, 0);
        rgb(dtd.resolve("images/zigzagged/zigzagged_1.jpg"), 2, 2, 0, 0, 0);
        rgb(dtd.resolve("images/zigzagged/zigzagged_2.jpg"), 2, 2, 0, 0, 0);
        text(dtd.resolve("labels/train1.txt"), "banded/banded_1.jpg");
        text(dtd.resolve("labels/val1.txt"), "zigzagged/zigzagged_1.jpg");
        text(dtd.resolve("labels/test1.txt"), "zigzagged/zigzagged_2.jpg");
        try (TaskDataset data = open(new DtdClassification())) {
            assertEquals(List.of(0, 1), labels(data.split(Split.TRAIN)));
            assertEquals(List.of(1), labels(data.split(Split.TEST)));
        }
    }

    @Test
    void sun397TakesClassesFromThePartitionFiles() {
        Path sun = root.resolve("SUN397");
        rgb(sun.resolve("a/abbey/sun_a.jpg"), 2, 2, 0, 0, 0);
        rgb(sun.resolve("b/bistro/indoor/sun_b.jpg"), 2, 2, 0, 0, 0);
        text(sun.resolve("Partitions/ClassName.txt"), "/a/abbey", "/b/bistro/indoor");
        text(sun.resolve("Partitions/Training_01.txt"), "/b/bistro/indoor/sun_b.jpg");
        text(sun.resolve("Partitions/Testing_01.txt"), "/a/abbey/sun_a.jpg");
        try (TaskDataset data = open(new Sun397Classification())) {
            assertEquals(List.of(1), labels(data.split(Split.TRAIN)));
            assertEquals(List.of(0), labels(data.split(Split.TEST)));
        }
    }

    @Test
    void cifarBinaryRecordsGiveTheFineLabelAndThePlanes() throws IOException {
        byte[] train = new byte[2 * 3074];
        train[1] = 42;
        train[2] = (byte) 255;                 // first red pixel of record 0
        train[3074 + 1] = 7;
        train[3074 + 2 + 1024] = (byte) 128;   // first green pixel of record 1
        Files.createDirectories(root.resolve("cifar-100-binary"));
        Files.write(root.resolve("cifar-100-binary/train.bin"), train);
        Files.write(root.resolve("cifar-100-binary/test.bin"), new byte[3074]);
        try (TaskDataset data = open(new Cifar100Classification())) {
            assertEquals(List.of(42, 7), labels(data.split(Split.TRAIN)));
            float[] first = data.split(Split.TRAIN).get(0).frames().getFirst().pixels();
            assertEquals(1f, first[0]);
            float[] second = data.split(Split.TRAIN).get(1).frames().getFirst().pixels();
            assertEquals(128 / 255f, second[1024]);
            assertEquals(1, data.split(Split.TEST).size());
        }
        Files.write(root.resolve("cifar-100-binary/test.bin"), new byte[100]);
        TaskDataException e = assertThrows(TaskDataException.class, () -> open(new Cifar100Classification()));
        assertTrue(e.getMessage().contains("test.bin") && e.getMessage().contains("3074"), e.getMessage());
    }

    @Test
    void clevrCountsObjectsAsCountMinusThree() {
        Path clevr = root.resolve("CLEVR_v1.0");
        rgb(clevr.resolve("images/train/CLEVR_train_000000.png"), 3, 4, 1, 1, 1);
        rgb(clevr.resolve("images/val/CLEVR_val_000000.png"), 3, 4, 1, 1, 1);
        text(clevr.resolve("scenes/CLEVR_train_scenes.json"), "{\"info\": {\"split\": \"train\"}, \"scenes\": [{\"image_filename\": "
                + "\"CLEVR_train_000000.png\", \"objects\": [{}, {}, {}, {}, {}]}]}");
        text(clevr.resolve("scenes/CLEVR_val_scenes.json"), "{\"scenes\": [{\"image_filename\": \"CLEVR_val_000000.png\", \"objects\": [{}, {}, {}]}]}");
        try (TaskDataset data = open(new ClevrCount())) {
            assertEquals(List.of(2), labels(data.split(Split.TRAIN)));
            assertEquals(List.of(0), labels(data.split(Split.TEST)));
        }
    }

    @Test
    void thorTasksReadViRBsListFiles() {
        Path steps = root.resolve("thor_num_steps");
        rgb(steps.resolve("train/scene1/f0_rgb.jpg"), 2, 2, 0, 0, 0);
        rgb(steps.resolve("val/scene2/f1_rgb.jpg"), 2, 2, 0, 0, 0);
        text(steps.resolve("train_labels.txt"), "train/scene1/f0 4");
        text(steps.resolve("val_labels.txt"), "val/scene2/f1 0");
        try (TaskDataset data = open(new ThorNumSteps())) {
            assertEquals(List.of(4), labels(data.split(Split.TRAIN)));
            assertEquals(List.of(0), labels(data.split(Split.TEST)));
        }
        Path ego = root.resolve("thor_action_prediction");
        for (String suffix : List.of("_rgb_a.jpg", "_rgb_b.jpg")) {
            rgb(ego.resolve("train/p0" + suffix), 2, 2, 0, 0, 0);
            rgb(ego.resolve("val/p1" + suffix), 2, 2, 0, 0, 0);
        }
        text(ego.resolve("train_labels.txt"), "train/p0 LookDown");
        text(ego.resolve("val_labels.txt"), "val/p1 RotateLeft");
        try (TaskDataset data = open(new ThorEgomotion())) {
            assertEquals(List.of(4), labels(data.split(Split.TRAIN)));
            assertEquals(2, data.split(Split.TRAIN).get(0).frames().size());
            assertEquals(List.of(1), labels(data.split(Split.TEST)));
        }
    }

    @Test
    void nuScenesPairsAndKineticsSixFrames() {
        Path nu = root.resolve("nuScenes");
        rgb(nu.resolve("a.jpg"), 2, 2, 0, 0, 0);
        rgb(nu.resolve("b.jpg"), 2, 2, 0, 0, 0);
        text(nu.resolve("nuScenes_train.json"), "[{\"img_a\": \"a.jpg\", \"img_b\": \"b.jpg\", \"label\": \"forward\"},"
                + " {\"img_a\": \"b.jpg\", \"img_b\": \"a.jpg\", \"label\": \"forward-left\"}]");
        text(nu.resolve("nuScenes_test.json"), "[{\"img_a\": \"a.jpg\", \"img_b\": \"b.jpg\", \"label\": \"forward-left\"}]");
        try (TaskDataset data = open(new NuScenesEgomotion())) {
            assertEquals(List.of(0, 1), labels(data.split(Split.TRAIN)));
            assertEquals(List.of(1), labels(data.split(Split.TEST)));
        }
        Path kinetics = root.resolve("kinetics400");
        for (int f = 0; f < 7; f++) {
            rgb(kinetics.resolve("train/ab/abcdef_" + f + ".jpg"), 2, 2, 0, 0, 0);
        }
        for (int f = 0; f < 3; f++) {
            rgb(kinetics.resolve("train/zz/zzshort_" + f + ".jpg"), 2, 2, 0, 0, 0);   // too few frames: left out
        }
        for (int f = 0; f < 6; f++) {
            rgb(kinetics.resolve("validate/xy/xyz_" + f + ".jpg"), 2, 2, 0, 0, 0);
        }
        text(kinetics.resolve("annotations/train.json"), "{\"abcdef\": {\"annotations\": {\"label\": \"juggling\"}},"
                + " \"zzshort\": {\"annotations\": {\"label\": \"abseiling\"}}}");
        text(kinetics.resolve("annotations/validate.json"), "{\"xyz\": {\"annotations\": {\"label\": \"juggling\"}}}");
        try (TaskDataset data = open(new KineticsAction())) {
            assertEquals(List.of(1), labels(data.split(Split.TRAIN)), "classes: abseiling, juggling");
            assertEquals(6, data.split(Split.TRAIN).get(0).frames().size());
            assertEquals(List.of(1), labels(data.split(Split.TEST)));
        }
    }

    @Test
    void manifestChangesWhenAFileChanges() {
        rgb(root.resolve("imagenet/train/n01/a.JPEG"), 4, 4, 0, 0, 0);
        rgb(root.resolve("imagenet/val/n01/b.JPEG"), 4, 4, 0, 0, 0);
        String before = open(new ImageNetClassification()).manifestHash();
        rgb(root.resolve("imagenet/val/n01/c.JPEG"), 4, 4, 0, 0, 0);
        assertNotEquals(before, open(new ImageNetClassification()).manifestHash());
    }
}
