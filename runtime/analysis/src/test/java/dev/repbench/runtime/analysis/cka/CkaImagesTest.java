package dev.repbench.runtime.analysis.cka;

import dev.repbench.api.data.SampleSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Proves how a comparison's images are sized and labelled: a subset is recorded with its split, a whole split alone. */
class CkaImagesTest {

    @Test
    void aBalancedSubsetIsDrawnInWholeBatchesOnly() {
        assertEquals(96, CkaComparison.Images.balancedSubsetSize(100, 32));
        assertEquals(64, CkaComparison.Images.balancedSubsetSize(64, 32));
        assertEquals(0, CkaComparison.Images.balancedSubsetSize(31, 32));
    }

    @Test
    void aSubsetIsRecordedWithTheSplitItWasDrawnFrom() {
        CkaComparison.Images subset = CkaComparison.Images.opened("fashion-mnist", "test", "balanced 640, seed 3",
                SampleSource.empty(), "abc");
        assertEquals("test (balanced 640, seed 3)", subset.split());
        assertEquals("fashion-mnist", subset.dataset());
        assertEquals("abc", subset.manifest());
        CkaComparison.Images whole = CkaComparison.Images.opened("shapes", "all", CkaComparison.Images.WHOLE,
                SampleSource.empty(), "def");
        assertEquals("all", whole.split());
    }
}
