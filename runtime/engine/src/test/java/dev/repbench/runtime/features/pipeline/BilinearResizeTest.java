package dev.repbench.runtime.features.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.repbench.api.data.Image;
import dev.repbench.runtime.features.Python;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BilinearResizeTest {

    private static float[] plane(int h, int w) {
        float[] x = new float[h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((Math.sin(i * 1.7) + 1) / 2);
        }
        return x;
    }

    /** torch's interpolate(bilinear, align_corners=False, antialias=True) of the same plane, via Debian's PyTorch. */
    private static float[] torchResize(int h, int w, int oh, int ow) throws Exception {
        String out = Python.run("""
                import sys, math, torch
                import torch.nn.functional as F
                h, w, oh, ow = map(int, sys.argv[1:5])
                x = torch.tensor([(math.sin(i * 1.7) + 1) / 2 for i in range(h * w)], dtype=torch.float32).reshape(1, 1, h, w)
                y = F.interpolate(x, size=(oh, ow), mode="bilinear", align_corners=False, antialias=True)
                print(" ".join(repr(float(v)) for v in y.flatten()))
                """, "" + h, "" + w, "" + oh, "" + ow);
        String[] parts = out.strip().split(" ");
        float[] y = new float[parts.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Float.parseFloat(parts[i]);
        }
        return y;
    }

    @Test
    void matchesTorchAntialiasedBilinearUpDownAndMixed() throws Exception {
        for (int[] s : new int[][] {{28, 28, 64, 64}, {64, 48, 20, 15}, {7, 5, 3, 11}, {28, 28, 224, 224}}) {
            BilinearResize resize = new BilinearResize(s[0], s[1], s[2], s[3]);
            float[] out = new float[s[2] * s[3]];
            resize.resize(plane(s[0], s[1]), 0, out, 0, new float[resize.scratchSize()]);
            float[] expected = torchResize(s[0], s[1], s[2], s[3]);
            assertEquals(expected.length, out.length);
            for (int i = 0; i < out.length; i++) {
                assertEquals(expected[i], out[i], 2e-6f, java.util.Arrays.toString(s) + " at " + i);
            }
        }
    }

    @Test
    void sameSizeIsACopyAndConstantsStayConstant() {
        float[] x = plane(5, 4);
        BilinearResize same = new BilinearResize(5, 4, 5, 4);
        float[] y = new float[20];
        same.resize(x, 0, y, 0, new float[same.scratchSize()]);
        assertArrayEquals(x, y);
        float[] constant = new float[9 * 13];
        java.util.Arrays.fill(constant, 0.25f);
        BilinearResize up = new BilinearResize(9, 13, 31, 7);
        float[] z = new float[31 * 7];
        up.resize(constant, 0, z, 0, new float[up.scratchSize()]);
        for (float v : z) {
            assertEquals(0.25f, v, 1e-6f);
        }
        assertThrows(IllegalArgumentException.class, () -> new BilinearResize(0, 1, 1, 1));
    }

    @Test
    void preprocessingNormalisesPerChannelAndReplicatesGrey() {
        Preprocessor p = new Preprocessor(2, 2, List.of(0.5, 0.25, 0.0), List.of(0.5, 0.25, 2.0), List.of(0.0, 1.0));
        Image grey = new Image(1, 2, 2, new float[] {0f, 0.5f, 1f, 0.25f});
        FloatBuffer batch = ByteBuffer.allocateDirect(2 * 12 * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        p.pack(grey, batch, 12);
        float[] second = new float[12];
        batch.get(12, second);
        assertArrayEquals(new float[] {-1f, 0f, 1f, -0.5f, -1f, 1f, 3f, 0f, 0f, 0.25f, 0.5f, 0.125f}, second, 1e-6f);
        assertEquals(0f, batch.get(0), "other images' places untouched");
        Image rgb = new Image(3, 2, 2, new float[] {1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1});
        p.pack(rgb, batch, 0);
        assertEquals(1f, batch.get(0), 1e-6f);
        assertEquals(-1f, batch.get(4), 1e-6f);
        assertEquals(0.5f, batch.get(8), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> p.pack(new Image(2, 2, 2, new float[8]), batch, 0));
        Preprocessor ranged = new Preprocessor(2, 2, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), List.of(0.0, 255.0));
        ranged.pack(grey, batch, 0);
        assertEquals(127.5f, batch.get(1), 1e-4f);
    }
    /**
     * A BGR model (Caffe's order, Keras's "caffe" models) gets an image's blue plane first; its mean and std are in
     * its own order. Keras's caffe preprocessing: values in [0, 255], the BGR means subtracted, no division.
     */
    @Test
    void aBgrModelGetsTheBluePlaneFirst() {
        Image rgb = new Image(3, 1, 2, new float[] {1f, 0.5f, 0.25f, 0f, 0f, 1f}); // R = [1, .5], G = [.25, 0], B = [0, 1]
        Preprocessor caffe = new Preprocessor(1, 2, List.of(103.939, 116.779, 123.68), List.of(1.0, 1.0, 1.0),
                List.of(0.0, 255.0), "BGR");
        FloatBuffer batch = FloatBuffer.allocate(6);
        caffe.pack(rgb, batch, 0);
        float[] packed = new float[6];
        batch.get(0, packed);
        assertArrayEquals(new float[] {(float) (0 - 103.939), (float) (255 - 103.939), (float) (63.75 - 116.779),
                (float) (0 - 116.779), (float) (255 - 123.68), (float) (127.5 - 123.68)}, packed, 1e-3f);
        assertEquals("BGR, grey replicated", caffe.description().get("channels"));
        assertEquals("RGB, grey replicated", new Preprocessor(1, 2, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0),
                List.of(0.0, 1.0)).description().get("channels"), "RGB's cache keys as before");
        assertThrows(IllegalArgumentException.class, () -> new Preprocessor(1, 2, List.of(0.0, 0.0, 0.0),
                List.of(1.0, 1.0, 1.0), List.of(0.0, 1.0), "GBR"));
    }
}
