package dev.repbench.runtime.pretrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The variants' counts against numbers worked out by hand from the study's formulas. */
class VariantTest {

    private static int[] sizes(int classes, int each) {
        int[] s = new int[classes];
        Arrays.fill(s, each);
        return s;
    }

    @Test
    void halfAndQuarterKeepTheFloorOfEachClass() {
        int[] sizes = {10, 7, 5, 1};
        assertArrayEquals(new int[] {5, 3, 2, 0}, Variant.parse("half").counts(sizes));
        assertArrayEquals(new int[] {2, 1, 1, 0}, Variant.parse("quarter").counts(sizes));
        assertArrayEquals(sizes, Variant.parse("full").counts(sizes));
    }

    @Test
    void linearGivesClassNItsShareOfTheSmallestClass() {
        // ceil(n * 25 / 10) for n = 1..10: 2.5→3, 5, 7.5→8, 10, 12.5→13, 15, 17.5→18, 20, 22.5→23, 25
        int[] sizes = sizes(10, 30);
        sizes[4] = 25;
        assertArrayEquals(new int[] {3, 5, 8, 10, 13, 15, 18, 20, 23, 25}, Variant.parse("linear").counts(sizes));
    }

    @Test
    void linearWithAsManyImagesAsClassesIsTheStudysClassNGetsN() {
        int[] counts = Variant.parse("linear:1000").counts(sizes(1000, 1300));
        assertEquals(1, counts[0]);
        assertEquals(1000, counts[999]);
        assertEquals(500_500, Arrays.stream(counts).sum(), "ImageNet-1/2-Lin has 500.5 K images");
        for (int n = 1; n <= 1000; n++) {
            assertEquals(n, counts[n - 1]);
        }
    }

    @Test
    void logGoesFromOneImageToTheMaximumGeometrically() {
        // 1000^((n-1)/9): 1, 2.154→2, 4.642→5, 10, 21.54→22, 46.42→46, 100, 215.4→215, 464.2→464, 1000
        assertArrayEquals(new int[] {1, 2, 5, 10, 22, 46, 100, 215, 464, 1000}, Variant.parse("log:1000").counts(sizes(10, 6000)));
        // Without MAX, the smallest class's size: 16^((n-1)/4) for K = 5: 1, 2, 4, 8, 16
        assertArrayEquals(new int[] {1, 2, 4, 8, 16}, Variant.parse("log").counts(new int[] {20, 16, 30, 40, 50}));
    }

    @Test
    void subsampleSpreadsNEvenlyWithTheRemainderOnTheFirstClasses() {
        assertArrayEquals(new int[] {4, 4, 3}, Variant.parse("subsample:11").counts(sizes(3, 10)));
        assertArrayEquals(new int[] {7}, Variant.parse("subsample:7").counts(new int[] {10}));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> Variant.parse("subsample:40").counts(new int[] {30, 5}));
        assertTrue(tooMany.getMessage().contains("at most 10"), tooMany.getMessage());
    }

    @Test
    void badTextAndUnfittingSourcesAreRefusedNamingTheFix() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Variant.parse("third"));
        assertTrue(unknown.getMessage().contains("known: full, half, quarter, linear, linear:MAX, log, log:MAX, subsample:N"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Variant.parse("subsample:many"));
        IllegalArgumentException oneClass = assertThrows(IllegalArgumentException.class,
                () -> Variant.parse("linear").counts(new int[] {100}));
        assertTrue(oneClass.getMessage().contains("labelled images of 2 or more classes"), oneClass.getMessage());
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class,
                () -> Variant.parse("log:500").counts(new int[] {100, 100}));
        assertTrue(tooBig.getMessage().contains("choose a smaller MAX (log:MAX)"), tooBig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Variant.parse("linear:300").counts(new int[] {300, 200}));
        assertEquals("log:1000", Variant.parse("LOG:1000").text());
    }
}
