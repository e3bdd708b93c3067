package dev.repbench.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleTypesTest {

    private static Image grey(int h, int w) {
        return new Image(1, h, w, new float[h * w]);
    }

    @Test
    void imageRefusesWrongLengthAndUnscaledOrNaNValues() {
        assertThrows(IllegalArgumentException.class, () -> new Image(3, 2, 2, new float[11]));
        IllegalArgumentException unscaled = assertThrows(IllegalArgumentException.class,
                () -> new Image(1, 1, 2, new float[] {0f, 255f}));
        assertTrue(unscaled.getMessage().contains("1/255"));
        assertThrows(IllegalArgumentException.class, () -> new Image(1, 1, 1, new float[] {Float.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new Image(0, 1, 1, new float[0]));
    }

    @Test
    void hwcBytesBecomeChwFloatsInUnitRange() {
        // 1 row, 2 columns, RGB: pixel 0 = (255, 0, 51), pixel 1 = (0, 102, 255)
        byte[] hwc = {(byte) 255, 0, 51, 0, 102, (byte) 255};
        Image img = Image.fromHwcBytes(1, 2, 3, hwc);
        assertEquals(1f, img.get(0, 0, 0));
        assertEquals(0f, img.get(0, 0, 1));
        assertEquals(0f, img.get(1, 0, 0));
        assertEquals(0.4f, img.get(1, 0, 1), 1e-6);
        assertEquals(0.2f, img.get(2, 0, 0), 1e-6);
        assertEquals(1f, img.get(2, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Image.fromHwcBytes(1, 2, 3, new byte[5]));
    }

    @Test
    void imagesCompareByContent() {
        assertEquals(new Image(1, 1, 2, new float[] {0.5f, 1f}), new Image(1, 1, 2, new float[] {0.5f, 1f}));
        assertEquals(new Image(1, 1, 2, new float[] {0.5f, 1f}).hashCode(),
                new Image(1, 1, 2, new float[] {0.5f, 1f}).hashCode());
        assertFalse(new Image(1, 1, 2, new float[] {0.5f, 1f}).equals(new Image(1, 2, 1, new float[] {0.5f, 1f})));
    }

    @Test
    void labelMapAcceptsOnlyClassesAndItsIgnoreIndex() {
        LabelMap m = new LabelMap(1, 3, new int[] {0, -1, 7}, -1);
        assertTrue(m.isValid(0, 0));
        assertFalse(m.isValid(0, 1));
        assertEquals(7, m.get(0, 2));
        assertThrows(IllegalArgumentException.class, () -> new LabelMap(1, 2, new int[] {0, -1}, 255));
        assertThrows(IllegalArgumentException.class, () -> new LabelMap(2, 2, new int[] {0, 1}, 255));
        LabelMap ignored255 = new LabelMap(1, 1, new int[] {255}, LabelMap.DEFAULT_IGNORE_INDEX);
        assertFalse(ignored255.isValid(0, 0));
    }

    @Test
    void scalarMapMarksMissingWithNaNAndRefusesInfinity() {
        ScalarMap depth = new ScalarMap(1, 2, new float[] {Float.NaN, 2.5f});
        assertFalse(depth.isValid(0, 0));
        assertTrue(depth.isValid(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ScalarMap(1, 1, new float[] {Float.POSITIVE_INFINITY}));
        assertThrows(IndexOutOfBoundsException.class, () -> depth.get(1, 0));
    }

    @Test
    void flowMapNeedsBothComponentsMissingTogether() {
        // 1x2: u plane {1, NaN}, v plane {-2, NaN}
        FlowMap flow = new FlowMap(1, 2, new float[] {1f, Float.NaN, -2f, Float.NaN});
        assertTrue(flow.isValid(0, 0));
        assertFalse(flow.isValid(0, 1));
        assertEquals(1f, flow.u(0, 0));
        assertEquals(-2f, flow.v(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FlowMap(1, 1, new float[] {Float.NaN, 0f}));
        assertThrows(IllegalArgumentException.class, () -> new FlowMap(1, 2, new float[3]));
    }

    @Test
    void sampleFramesShareOneShapeAndDenseTargetsMatchIt() {
        Sample two = new Sample(List.of(grey(2, 3), grey(2, 3)), new ClassLabel(1));
        assertEquals(2, two.frameCount());
        assertThrows(IllegalArgumentException.class, () -> new Sample(List.of(grey(2, 3), grey(3, 2)), new ClassLabel(0)));
        assertThrows(IllegalArgumentException.class, () -> new Sample(List.of(), Unlabelled.INSTANCE));
        assertThrows(IllegalArgumentException.class, () -> Sample.of(grey(2, 3), new ScalarMap(3, 2, new float[6])));
        assertEquals(2, Sample.of(grey(2, 3), new ScalarMap(2, 3, new float[6])).image().height());
        assertThrows(IllegalArgumentException.class, () -> new ClassLabel(-1));
    }

    @Test
    void inMemorySourceChecksBounds() {
        SampleSource source = SampleSource.of(List.of(Sample.of(grey(1, 1), Unlabelled.INSTANCE)));
        assertEquals(1, source.size());
        assertThrows(IndexOutOfBoundsException.class, () -> source.get(1));
        assertEquals(0, SampleSource.empty().size());
    }
}
