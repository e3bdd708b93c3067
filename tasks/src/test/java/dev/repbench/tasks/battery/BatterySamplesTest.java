package dev.repbench.tasks.battery;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.FlowMap;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.ScalarMap;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskContext;
import dev.repbench.api.task.TaskDataException;
import dev.repbench.tasks.data.idx.FashionMnist;
import dev.repbench.tasks.data.idx.TinyFashionMnist;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Samples of every battery task, drawn from a small synthetic Fashion-MNIST so the checks run in seconds. */
class BatterySamplesTest {
    private static final int CHECKED = 40;

    @TempDir
    static Path temp;

    private static FashionMnist data;

    @BeforeAll
    static void writeData() throws IOException {
        data = FashionMnist.read(TinyFashionMnist.write(temp.resolve("fashion-mnist"), 200, 60, true));
    }

    @Test
    void everySampleHasTheDeclaredFramesAndAValidTarget() {
        for (BatteryTask task : Battery.tasks()) {
            TaskDataset dataset = task.open(data);
            assertEquals(0, dataset.split(Split.VAL).size());
            for (Split split : List.of(Split.TRAIN, Split.TEST)) {
                SampleSource source = dataset.split(split);
                assertEquals(task.size(split), source.size());
                for (int i = 0; i < CHECKED; i++) {
                    Sample sample = source.get(i);
                    assertEquals(task.framesPerSample(), sample.frameCount(), task.name());
                    for (Image frame : sample.frames()) {
                        assertEquals(3, frame.channels());
                        assertEquals(task.inputSize(), frame.size());
                    }
                    checkTarget(task, sample);
                }
                assertThrows(IndexOutOfBoundsException.class, () -> source.get(source.size()));
                assertThrows(IndexOutOfBoundsException.class, () -> source.get(-1));
            }
        }
    }

    private static void checkTarget(BatteryTask task, Sample sample) {
        switch (task.output()) {
            case OutputSpec.ClassScores(int classes) when !task.category().isPixelwise() -> {
                ClassLabel label = (ClassLabel) sample.target();
                assertTrue(label.index() < classes, task.name() + " label " + label.index());
            }
            case OutputSpec.ClassScores(int classes) -> {
                LabelMap map = (LabelMap) sample.target();
                for (int label : map.labels()) {
                    assertTrue(label < classes || label == map.ignoreIndex(), task.name() + " label " + label);
                }
            }
            case OutputSpec.Values(int channels) when channels == 1 -> {
                ScalarMap depth = (ScalarMap) sample.target();
                for (float d : depth.values()) {
                    assertTrue(Float.isNaN(d) || d == GarmentDepth.BACKGROUND_DEPTH
                            || d >= GarmentDepth.NEAREST && d <= GarmentDepth.FARTHEST, "depth " + d);
                }
            }
            case OutputSpec.Values(int channels) -> {
                assertEquals(2, channels);
                checkFlow((FlowMap) sample.target());
            }
        }
    }

    /** Flow is zero on the background and one garment displacement per garment, bounded; most pixels are valid. */
    private static void checkFlow(FlowMap flow) {
        int valid = 0;
        for (int y = 0; y < flow.height(); y++) {
            for (int x = 0; x < flow.width(); x++) {
                if (flow.isValid(y, x)) {
                    valid++;
                    assertTrue(Math.abs(flow.u(y, x)) <= GarmentFlow.MAX_SHIFT && Math.abs(flow.v(y, x)) <= GarmentFlow.MAX_SHIFT);
                }
            }
        }
        assertTrue(valid > flow.height() * flow.width() / 2, "valid pixels " + valid);
    }

    @Test
    void aSampleIsTheSameEveryTimeInAnyOrderFromAnyThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (BatteryTask task : Battery.tasks()) {
                SampleSource source = task.open(data).split(Split.TRAIN);
                List<Sample> sequential = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    sequential.add(source.get(i));
                }
                // Another dataset object, read backwards, concurrently.
                SampleSource again = task.open(FashionMnist.read(data.folder())).split(Split.TRAIN);
                List<Future<Sample>> parallel = new ArrayList<>();
                for (int i = 23; i >= 0; i--) {
                    int index = i;
                    parallel.add(pool.submit(() -> again.get(index)));
                }
                for (int i = 0; i < 24; i++) {
                    assertEquals(sequential.get(i), parallel.get(23 - i).get(), task.name() + " sample " + i);
                }
                assertEquals(sequential.size(), new HashSet<>(sequential).size(), task.name() + ": samples differ");
                assertNotEquals(source.get(0), task.open(data).split(Split.TEST).get(0), "splits differ");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void trainSamplesUseOnlyTrainingGarmentsAndTestSamplesOnlyTestGarments() {
        for (BatteryTask task : Battery.tasks()) {
            for (Split split : List.of(Split.TRAIN, Split.TEST)) {
                for (int i = 0; i < CHECKED; i++) {
                    List<Garment> garments = task.drawn(data, split, i).garments();
                    assertTrue(garments.size() >= 1, task.name());
                    for (Garment garment : garments) {
                        assertSame(data.imagesFor(split), garment.images(), task.name() + " " + split + " " + i);
                    }
                }
            }
        }
    }

    @Test
    void classificationShowsItsGarmentOnBlack() {
        for (int i = 0; i < CHECKED; i++) {
            Image image = new GarmentClassification().drawn(data, Split.TEST, i).sample().frames().getFirst();
            float[] px = image.pixels();
            int plane = image.height() * image.width();
            int black = 0;
            for (int p = 0; p < plane; p++) {
                black += px[p] == 0 && px[plane + p] == 0 && px[2 * plane + p] == 0 ? 1 : 0;
            }
            // the garment's box covers at most 46 x 46 of the 64 x 64 canvas
            assertTrue(black >= plane - 46 * 46, "sample " + i + ": only " + black + " black pixels");
            assertTrue(black < plane, "sample " + i + ": no garment");
        }
    }

    @Test
    void imageLevelLabelsAgreeWithTheGarmentsDrawn() {
        for (int i = 0; i < CHECKED; i++) {
            BatteryTask.Drawn cls = new GarmentClassification().drawn(data, Split.TRAIN, i);
            assertEquals(cls.garments().getFirst().label(), label(cls.sample()));

            BatteryTask.Drawn count = new GarmentCount().drawn(data, Split.TRAIN, i);
            assertEquals(count.garments().size() - 1, label(count.sample()));

            BatteryTask.Drawn clip = new PersistentGarment().drawn(data, Split.TRAIN, i);
            int kept = clip.garments().getFirst().label();
            assertEquals(kept, label(clip.sample()));
            assertEquals(1 + PersistentGarment.FRAMES, clip.garments().size(), "the kept garment and one distractor a frame");
            clip.garments().stream().skip(1).forEach(d -> assertNotEquals(kept, d.label(), "distractors are of other classes"));

            BatteryTask.Drawn seg = new GarmentSegmentation().drawn(data, Split.TRAIN, i);
            Set<Integer> allowed = new HashSet<>(Set.of(0, LabelMap.DEFAULT_IGNORE_INDEX));
            seg.garments().forEach(g -> allowed.add(g.label() + 1));
            for (int l : ((LabelMap) seg.sample().target()).labels()) {
                assertTrue(allowed.contains(l), "segment label " + l + " is not a drawn garment's class + 1");
            }
        }
    }

    private static int label(Sample sample) {
        return ((ClassLabel) sample.target()).index();
    }

    @Test
    void theSecondMotionFrameIsTheFirstMovedByTheLabelledCameraAction() {
        SampleSource source = new SceneMotion().open(data).split(Split.TEST);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < CHECKED; i++) {
            Sample sample = source.get(i);
            int action = label(sample);
            seen.add(action);
            Image first = sample.frames().get(0);
            Image second = sample.frames().get(1);
            if (action < SceneMotion.FORWARD) {
                // A roll turns the whole first frame; count the turns independently of the generator's helper.
                int turns = SceneMotion.CONTENT_QUARTER_TURNS.get(action);
                assertTrue(turnedBy(first, second, turns), "sample " + i + " is not '" + SceneMotion.ACTIONS.get(action)
                        + "' (" + turns + " counter-clockwise quarter turns)");
                for (int other = 0; other < 4; other++) {
                    assertTrue(other == turns || !turnedBy(first, second, other), "sample " + i + " is also turned by " + other);
                }
            } else {
                // Moving forward, the second frame is the first's centre magnified; moving back, the other way round.
                boolean forward = action == SceneMotion.FORWARD;
                double asLabelled = bestMagnification(forward ? first : second, forward ? second : first);
                double reversed = bestMagnification(forward ? second : first, forward ? first : second);
                assertTrue(asLabelled < 0.03 && asLabelled < reversed / 2,
                        "sample " + i + " '" + SceneMotion.ACTIONS.get(action) + "': " + asLabelled + " vs " + reversed);
            }
        }
        assertEquals(SceneMotion.ACTIONS.size(), seen.size(), "every action among " + CHECKED + " samples");
    }

    /** The smallest mean absolute difference between {@code near} and {@code far}'s centre magnified by 1.4–1.6. */
    private static double bestMagnification(Image far, Image near) {
        double best = Double.MAX_VALUE;
        for (float zoom = SceneMotion.MIN_ZOOM; zoom <= SceneMotion.MAX_ZOOM + 1e-4f; zoom += 0.005f) {
            double sum = 0;
            int h = far.height();
            // Only the middle half, where the magnified view samples inside the far frame away from its border.
            for (int c = 0; c < 3; c++) {
                for (int y = h / 4; y < 3 * h / 4; y++) {
                    for (int x = h / 4; x < 3 * h / 4; x++) {
                        float v = h / 2f + (y + 0.5f - h / 2f) / zoom - 0.5f;
                        float u = h / 2f + (x + 0.5f - h / 2f) / zoom - 0.5f;
                        int v0 = (int) v;
                        int u0 = (int) u;
                        float fv = v - v0;
                        float fu = u - u0;
                        float sampled = (1 - fv) * ((1 - fu) * far.get(c, v0, u0) + fu * far.get(c, v0, u0 + 1))
                                + fv * ((1 - fu) * far.get(c, v0 + 1, u0) + fu * far.get(c, v0 + 1, u0 + 1));
                        sum += Math.abs(sampled - near.get(c, y, x));
                    }
                }
            }
            best = Math.min(best, sum / (3.0 * (h / 2) * (h / 2)));
        }
        return best;
    }

    /** Whether {@code second} is {@code first} turned counter-clockwise by {@code quarterTurns} (rotated angle). */
    private static boolean turnedBy(Image first, Image second, int quarterTurns) {
        int n = first.height();
        double angle = quarterTurns * Math.PI / 2;
        double centre = (n - 1) / 2.0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    // Rotating a point counter-clockwise on screen (y down) by the angle.
                    double dx = x - centre;
                    double dy = y - centre;
                    long tx = Math.round(centre + dx * Math.cos(angle) + dy * Math.sin(angle));
                    long ty = Math.round(centre - dx * Math.sin(angle) + dy * Math.cos(angle));
                    if (second.get(c, (int) ty, (int) tx) != first.get(c, y, x)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void pixelwiseTargetsShowGarmentsAndBackgroundAndWalkableGroundLiesBelowTheHorizon() {
        long garmentPixels = 0;
        long walkable = 0;
        long nearDepth = 0;
        for (int i = 0; i < CHECKED; i++) {
            for (int l : ((LabelMap) new GarmentSegmentation().open(data).split(Split.TRAIN).get(i).target()).labels()) {
                garmentPixels += l > 0 && l != LabelMap.DEFAULT_IGNORE_INDEX ? 1 : 0;
            }
            LabelMap floor = (LabelMap) new WalkableFloor().open(data).split(Split.TRAIN).get(i).target();
            for (int y = 0; y < floor.height(); y++) {
                for (int x = 0; x < floor.width(); x++) {
                    if (floor.get(y, x) == WalkableFloor.WALKABLE) {
                        assertTrue(y >= 2, "the horizon is at row 2 or lower");
                        walkable++;
                    }
                }
            }
            for (float d : ((ScalarMap) new GarmentDepth().open(data).split(Split.TRAIN).get(i).target()).values()) {
                nearDepth += d < GarmentDepth.BACKGROUND_DEPTH ? 1 : 0;
            }
        }
        long pixels = (long) CHECKED * BatteryTask.SIDE * BatteryTask.SIDE;
        assertTrue(garmentPixels > pixels / 10 && garmentPixels < pixels * 9 / 10, "garment pixels " + garmentPixels);
        assertTrue(walkable > pixels / 5 && walkable < pixels * 4 / 5, "walkable pixels " + walkable);
        assertTrue(nearDepth > pixels / 20 && nearDepth < pixels * 9 / 10, "garment depth pixels " + nearDepth);
    }

    @Test
    void theManifestHashIsStableAndChangesWithTaskVersionSizesAndData() throws IOException {
        List<String> hashes = new ArrayList<>();
        for (BatteryTask task : Battery.tasks()) {
            String hash = task.open(data).manifestHash();
            assertEquals(hash, task.open(FashionMnist.read(data.folder())).manifestHash());
            assertTrue(hash.matches("[0-9a-f]{64}"), hash);
            hashes.add(hash);
        }
        assertEquals(hashes.size(), Set.copyOf(hashes).size(), "each task its own manifest");

        Map<String, String> files = data.contentHashes();
        String base = BatteryTask.manifestHash("fmnist-cls", 2, 3000, 1000, files);
        assertEquals(hashes.getFirst(), base);
        assertNotEquals(base, BatteryTask.manifestHash("fmnist-cls", 1, 3000, 1000, files));
        assertNotEquals(base, BatteryTask.manifestHash("fmnist-cls", 2, 3001, 1000, files));
        assertNotEquals(base, BatteryTask.manifestHash("fmnist-cls", 2, 3000, 999, files));

        FashionMnist plainCopy = FashionMnist.read(TinyFashionMnist.write(temp.resolve("plain"), 200, 60, false));
        assertEquals(base, new GarmentClassification().open(plainCopy).manifestHash(), "gzip or not, same data");
        FashionMnist otherData = FashionMnist.read(TinyFashionMnist.write(temp.resolve("other"), 200, 61, true));
        assertNotEquals(base, new GarmentClassification().open(otherData).manifestHash());
    }

    /**
     * Pins a few samples of every task. If this fails after a change to how samples are drawn, that change must
     * raise the task's generator version (or {@link Battery#RENDERER_VERSION}) and then update these values, so
     * that cached features of the old pictures are never reused.
     */
    @Test
    void samplesAreUnchangedForTheirGeneratorVersion() {
        Map<String, String> pinned = Map.of(
                "fmnist-cls", "42f6e3cbf4fe6b3d1444272cbd5e1163d4d07bd4643b95af32dfeded8848585b",
                "fmnist-count", "7b4fff6b71402abfb0449ee44c89038ea6156ee9d3279ee1a23dc6794f344085",
                "fmnist-rotation", "e808b820894952b6868a307249d4d4308c78438ea2e36e8e4edd85ec1914028b",
                "fmnist-motion", "d145c1e2d79a1a9ecfb5fe6e3150fb5bff98a49504c848e545518cf139b8ea4d",
                "fmnist-seq6", "59185bd1955d5efc7aa2e732bcd11cdcbf439997bec61413bc82494093e06374",
                "fmnist-seg", "856f96613702235719b11b2a83481074d1fedabdcd904e3cb7a87ce69705e41d",
                "fmnist-walkable", "0988df9c3449137b23002e9de94a8169e2c2f476986209d40cd5225f676eab0f",
                "fmnist-depth", "1bbfb528a6bb5e031c20cdc66f743c928019c05c8c99a9cff5906056e52bbe33",
                "fmnist-flow", "94d637320d5cae9743e9fb7aff2e8e470f19fd7f2c94c0901ee827274051def2");
        List<String> mismatches = new ArrayList<>();
        for (BatteryTask task : Battery.tasks()) {
            String actual = SampleFingerprint.of(task.open(data), 3);
            if (!actual.equals(pinned.get(task.name()))) {
                mismatches.add("\"" + task.name() + "\", \"" + actual + "\"");
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void aDataRootWithoutFashionMnistIsRefusedNotReplacedByDebiansCopy() throws IOException {
        Path root = Files.createDirectories(temp.resolve("no-datasets-here"));
        TaskDataException e = assertThrows(TaskDataException.class, () -> new GarmentCount().open(TaskContext.of(root, 7)));
        assertTrue(e.getMessage().contains(root.toString()) && e.getMessage().contains("fashion-mnist/"), e.getMessage());
    }

    @Test
    void openingReadsTheDataRootsFolderAndSaysHowToFixAMissingDataset() throws IOException {
        String manifest = new GarmentCount().open(TaskContext.of(temp, 7)).manifestHash();
        assertEquals(new GarmentCount().open(data).manifestHash(), manifest);

        Path emptyRoot = Files.createDirectories(temp.resolve("empty-root/fashion-mnist")).getParent();
        TaskDataException e = assertThrows(TaskDataException.class, () -> new GarmentCount().open(TaskContext.of(emptyRoot, 7)));
        assertTrue(e.getMessage().contains(emptyRoot.resolve("fashion-mnist").toString())
                && e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    /** The real dataset in Debian's folder, the commands' default data root, which holds the files itself. */
    @Test
    void theBatteryOpensOnTheRealDataset() {
        Path root = Path.of(FashionMnist.DEBIAN_FOLDER);
        for (BatteryTask task : Battery.tasks()) {
            TaskDataset dataset = task.open(TaskContext.of(root, 0));
            Sample first = dataset.split(Split.TEST).get(0);
            assertEquals(task.framesPerSample(), first.frameCount());
            Sample last = dataset.split(Split.TRAIN).get(task.size(Split.TRAIN) - 1);
            assertEquals(task.framesPerSample(), last.frameCount());
            assertNotEquals(new GarmentClassification().open(data).manifestHash(), dataset.manifestHash());
        }
    }
}
