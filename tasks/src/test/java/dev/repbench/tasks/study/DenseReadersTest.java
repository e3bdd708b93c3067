package dev.repbench.tasks.study;

import static dev.repbench.tasks.study.Fixtures.filled;
import static dev.repbench.tasks.study.Fixtures.grey16;
import static dev.repbench.tasks.study.Fixtures.grey8;
import static dev.repbench.tasks.study.Fixtures.rgb;
import static dev.repbench.tasks.study.Fixtures.rgb16;
import static dev.repbench.tasks.study.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.EndTask;
import dev.repbench.api.data.FlowMap;
import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.ScalarMap;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.TaskContext;
import dev.repbench.api.task.TaskDataException;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pixelwise study readers on small fixtures written in each dataset's real format. */
class DenseReadersTest {
    @TempDir
    Path root;

    private TaskDataset open(EndTask task) {
        return task.open(TaskContext.of(root, 0));
    }

    @Test
    void petsTrimapsBecomeBackgroundPetAndIgnoredBorder() {
        Path pets = root.resolve("oxford-iiit-pet");
        rgb(pets.resolve("images/Bengal_1.jpg"), 1, 3, 0, 0, 0);
        rgb(pets.resolve("images/Bengal_2.jpg"), 1, 3, 0, 0, 0);
        grey8(pets.resolve("annotations/trimaps/Bengal_1.png"), 1, 3, new int[] {1, 2, 3});
        grey8(pets.resolve("annotations/trimaps/Bengal_2.png"), 1, 3, new int[] {2, 2, 2});
        text(pets.resolve("annotations/trainval.txt"), "Bengal_1 6 1 6");
        text(pets.resolve("annotations/test.txt"), "Bengal_2 6 1 6");
        try (TaskDataset data = open(new PetsSegmentation())) {
            LabelMap map = (LabelMap) data.split(Split.TRAIN).get(0).target();
            assertArrayEquals(new int[] {1, 0, LabelMap.DEFAULT_IGNORE_INDEX}, map.labels());
        }
    }

    @Test
    void cityscapesLabelIdsBecomeTheNineteenTrainIdsAndVoidIsIgnored() {
        Path city = root.resolve("cityscapes");
        for (String split : new String[] {"train", "val"}) {
            rgb(city.resolve("leftImg8bit/" + split + "/aachen/aachen_000000_000019_leftImg8bit.png"), 1, 5, 0, 0, 0);
            grey8(city.resolve("gtFine/" + split + "/aachen/aachen_000000_000019_gtFine_labelIds.png"), 1, 5,
                    new int[] {7, 26, 33, 0, 6});
        }
        try (TaskDataset data = open(new CityscapesSegmentation())) {
            LabelMap map = (LabelMap) data.split(Split.TEST).get(0).target();
            int v = LabelMap.DEFAULT_IGNORE_INDEX;
            assertArrayEquals(new int[] {0, 13, 18, v, v}, map.labels(), "road, car, bicycle, unlabelled, ground");
        }
    }

    @Test
    void egoHandsSplitsNinetyTenInNameOrderAndChecksClasses() {
        Path ego = root.resolve("egohands");
        for (int i = 0; i < 10; i++) {
            String name = String.format("frame_%04d", i);
            rgb(ego.resolve("images/CARDS_OFFICE/" + name + ".jpg"), 1, 2, 0, 0, 0);
            grey8(ego.resolve("labels/CARDS_OFFICE/" + name + ".png"), 1, 2, new int[] {0, i % 5});
        }
        try (TaskDataset data = open(new EgoHandsSegmentation())) {
            assertEquals(9, data.split(Split.TRAIN).size());
            assertEquals(1, data.split(Split.TEST).size());
            assertArrayEquals(new int[] {0, 4}, ((LabelMap) data.split(Split.TEST).get(0).target()).labels());
        }
        grey8(ego.resolve("labels/CARDS_OFFICE/frame_0000.png"), 1, 2, new int[] {0, 9});
        TaskDataException e = assertThrows(TaskDataException.class, () -> open(new EgoHandsSegmentation()).split(Split.TRAIN).get(0));
        assertTrue(e.getMessage().contains("frame_0000.png") && e.getMessage().contains("9"), e.getMessage());
    }

    @Test
    void taskonomyDepthIsInMetresWithMissingPixelsNaN() {
        Path t = root.resolve("taskonomy");
        for (String building : new String[] {"allensville", "beechwood"}) {
            rgb(t.resolve(building + "/rgb/point_0_view_0_domain_rgb.png"), 1, 3, 0, 0, 0);
            grey16(t.resolve(building + "/depth_zbuffer/point_0_view_0_domain_depth_zbuffer.png"), 1, 3,
                    new int[] {512, 1024 + 256, 65535});
        }
        text(t.resolve("splits/train.txt"), "allensville");
        text(t.resolve("splits/test.txt"), "beechwood");
        try (TaskDataset data = open(new TaskonomyDepth())) {
            float[] depth = ((ScalarMap) data.split(Split.TEST).get(0).target()).values();
            assertEquals(1f, depth[0]);
            assertEquals(2.5f, depth[1]);
            assertTrue(Float.isNaN(depth[2]));
        }
    }

    @Test
    void kittiFlowDecodesTheSixteenBitPngAndMarksInvalidPixels() {
        Path kitti = root.resolve("kitti-2015/training");
        for (int n = 0; n < 10; n++) {
            String stem = String.format("%06d", n);
            rgb(kitti.resolve("image_2/" + stem + "_10.png"), 1, 2, 0, 0, 0);
            rgb(kitti.resolve("image_2/" + stem + "_11.png"), 1, 2, 0, 0, 0);
            rgb16(kitti.resolve("flow_occ/" + stem + "_10.png"), 1, 2,
                    new int[] {32768 + 64 * 3, 32768}, new int[] {32768 - 32, 32768}, new int[] {1, 0});
        }
        try (TaskDataset data = open(new KittiFlow())) {
            assertEquals(9, data.split(Split.TRAIN).size());
            Sample sample = data.split(Split.TEST).get(0);
            assertEquals(2, sample.frames().size());
            float[] uv = ((FlowMap) sample.target()).uv();
            assertEquals(3f, uv[0]);
            assertEquals(-0.5f, uv[2]);
            assertTrue(Float.isNaN(uv[1]) && Float.isNaN(uv[3]), "B = 0 means no ground truth");
        }
    }

    @Test
    void thorDepthAndNyuWalkablePairFilesInNameOrder() {
        Path thor = root.resolve("thor_depth_prediction");
        for (String split : new String[] {"train", "test"}) {
            rgb(thor.resolve(split + "/s/0_rgb.jpg"), 1, 2, 0, 0, 0);
            // THOR's depth images are JPEGs; a uniform one keeps its value through compression.
            writeGreyJpeg(thor.resolve(split + "/s/0_depth.jpg"), 255);
        }
        try (TaskDataset data = open(new ThorDepth())) {
            float[] depth = ((ScalarMap) data.split(Split.TRAIN).get(0).target()).values();
            assertEquals(1f, depth[0], 0.02f);
        }
        Path nyu = root.resolve("nyu");
        for (String split : new String[] {"train", "test"}) {
            rgb(nyu.resolve(split + "/images/0001.png"), 1, 3, 0, 0, 0);
            grey8(nyu.resolve(split + "/walkable/0001.png"), 1, 3, new int[] {0, 255, 1});
        }
        try (TaskDataset data = open(new NyuWalkable())) {
            assertArrayEquals(new int[] {0, 1, 1}, ((LabelMap) data.split(Split.TRAIN).get(0).target()).labels());
        }
    }

    private static void writeGreyJpeg(Path file, int value) {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(2, 1, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, 2, 1, 0, filled(2, value));
        try {
            javax.imageio.ImageIO.write(image, "jpg", file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void nyuDepthReadsTheLabelledMatFileTransposingMatlabsColumnMajorArrays() throws Exception {
        int n = 10;
        int w = 3;
        int h = 2;
        byte[][][][] images = new byte[n][3][w][h];
        float[][][] depths = new float[n][w][h];
        for (int i = 0; i < n; i++) {
            for (int x = 0; x < w; x++) {
                for (int y = 0; y < h; y++) {
                    images[i][0][x][y] = (byte) (10 * x + y);     // red encodes (x, y)
                    images[i][1][x][y] = (byte) i;                // green encodes the image index
                    depths[i][x][y] = (x == 0 && y == 0) ? 0f : i + 0.5f * x + 0.25f * y;
                }
            }
        }
        Files.createDirectories(root.resolve("nyu"));
        Path mat = root.resolve("nyu/nyu_depth_v2_labeled.mat");
        try (WritableHdfFile file = HdfFile.write(mat)) {
            file.putDataset("images", images);
            file.putDataset("depths", depths);
        }
        try (TaskDataset data = open(new NyuDepth())) {
            assertEquals(8, data.split(Split.TRAIN).size(), "1159/1449 of 10");
            assertEquals(2, data.split(Split.TEST).size());
            Sample sample = data.split(Split.TEST).get(0);
            var image = sample.frames().getFirst();
            assertEquals(h, image.height());
            assertEquals(w, image.width());
            int index = Math.round(image.pixels()[h * w] * 255);   // green of pixel (0, 0)
            // pixel (y=1, x=2): red = 10*2 + 1
            assertEquals(21 / 255f, image.pixels()[1 * w + 2]);
            float[] depth = ((ScalarMap) sample.target()).values();
            assertTrue(Float.isNaN(depth[0]), "zero depth is missing");
            assertEquals(index + 0.5f * 2 + 0.25f * 1, depth[1 * w + 2]);
        }
    }

    @Test
    void aMissingDatasetNamesTheFolderTheLayoutAndTheSource() {
        TaskDataException e = assertThrows(TaskDataException.class, () -> open(new KittiFlow()));
        assertTrue(e.getMessage().contains(root.resolve("kitti-2015").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("flow_occ") && e.getMessage().contains("cvlibs"), e.getMessage());
    }
}
