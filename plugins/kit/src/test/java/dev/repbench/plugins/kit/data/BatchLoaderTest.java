package dev.repbench.plugins.kit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Unlabelled;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

    /** Image i is grey with value i/100 everywhere, labelled i mod 3 when {@code labelled}. */
    private static SampleSource constantImages(int count, int side, boolean labelled) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] pixels = new float[side * side];
            java.util.Arrays.fill(pixels, i / 100f);
            samples.add(Sample.of(new Image(1, side, side, pixels), labelled ? new ClassLabel(i % 3) : Unlabelled.INSTANCE));
        }
        return SampleSource.of(samples);
    }

    private static List<HostBatch> all(BatchLoader loader) {
        List<HostBatch> batches = new ArrayList<>();
        while (loader.hasNext()) {
            batches.add(loader.next());
        }
        return batches;
    }

    @Test
    void eachEpochIsAPermutationWithTheLastIncompleteBatchDropped() {
        try (BatchLoader loader = new BatchLoader(constantImages(10, 8, true), 4, 8, 2, 5, 0, 4)) {
            assertEquals(2, loader.batchesPerEpoch());
            List<HostBatch> batches = all(loader);
            assertEquals(4, batches.size());
            Set<Integer> firstEpoch = new HashSet<>();
            for (HostBatch b : batches.subList(0, 2)) {
                for (int k = 0; k < 4; k++) {
                    int index = b.indices()[k];
                    assertTrue(firstEpoch.add(index), "an image twice in one epoch");
                    assertEquals(index % 3, b.labels()[k]);
                    // Grey replicated to three channels, value i/100 in every channel.
                    for (int c = 0; c < 3; c++) {
                        assertEquals(index / 100f, b.pixels()[k * 192 + c * 64 + 17]);
                    }
                }
            }
            assertEquals(8, firstEpoch.size());
            assertFalse(java.util.Arrays.equals(batches.get(0).indices(), batches.get(2).indices()),
                    "the second epoch has its own order");
        }
    }

    @Test
    void theOutputDoesNotDependOnTheWorkerCountAndResumesAtAStep() {
        SampleSource source = constantImages(13, 8, false);
        List<HostBatch> one;
        List<HostBatch> three;
        List<HostBatch> fromStep5;
        try (BatchLoader a = new BatchLoader(source, 3, 8, 1, 9, 0, 8);
             BatchLoader b = new BatchLoader(source, 3, 8, 3, 9, 0, 8);
             BatchLoader c = new BatchLoader(source, 3, 8, 2, 9, 5, 8)) {
            one = all(a);
            three = all(b);
            fromStep5 = all(c);
        }
        for (int s = 0; s < 8; s++) {
            assertArrayEquals(one.get(s).indices(), three.get(s).indices());
            assertArrayEquals(one.get(s).pixels(), three.get(s).pixels());
            assertNull(one.get(s).labels());
        }
        for (int s = 5; s < 8; s++) {
            assertArrayEquals(one.get(s).indices(), fromStep5.get(s - 5).indices());
        }
    }

    @Test
    void aFailingSampleIsNamedByItsIndex() {
        SampleSource good = constantImages(8, 8, false);
        SampleSource failing = new SampleSource() {
            @Override
            public int size() {
                return 8;
            }

            @Override
            public Sample get(int index) {
                if (index == 5) {
                    throw new IllegalStateException("unreadable file five.png");
                }
                return good.get(index);
            }
        };
        try (BatchLoader loader = new BatchLoader(failing, 8, 8, 2, 1, 0, 1)) {
            DataLoadingException e = assertThrows(DataLoadingException.class, loader::next);
            assertTrue(e.getMessage().contains("training image 5"), e.getMessage());
            assertTrue(e.getMessage().contains("five.png"), e.getMessage());
        }
    }

    @Test
    void mixedLabelledAndUnlabelledImagesAreRefusedNamingTheIndex() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            samples.add(Sample.of(new Image(1, 8, 8, new float[64]), i == 2 ? Unlabelled.INSTANCE : new ClassLabel(0)));
        }
        try (BatchLoader loader = new BatchLoader(SampleSource.of(samples), 4, 8, 1, 1, 0, 1)) {
            DataLoadingException e = assertThrows(DataLoadingException.class, loader::next);
            assertTrue(e.getMessage().contains("training image 2"), e.getMessage());
            assertTrue(e.getMessage().contains("all labelled"), e.getMessage());
        }
    }

    @Test
    void aSourceSmallerThanOneBatchIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchLoader.batchesPerEpoch(3, 4));
        assertTrue(e.getMessage().contains("3 images"), e.getMessage());
    }
}
