package dev.repbench.tasks.battery;

import dev.repbench.tasks.data.idx.LabelledImages;

/**
 * One Fashion-MNIST image chosen for a sample. Only a {@link SampleContext} makes these, from its own split's
 * images, which is what keeps test garments out of training samples.
 *
 * @param images the split's images it comes from
 * @param index  its index there
 * @param label  its class, 0..9
 */
record Garment(LabelledImages images, int index, int label) {

    /**
     * Bilinear grey value at a real-valued position in the image, 0 outside it (Fashion-MNIST's background
     * is black), so a garment can be drawn at any scale and sub-pixel offset.
     *
     * @param v row coordinate, pixel centres at integers
     * @param u column coordinate
     * @return the grey value in [0, 1]
     */
    float sample(float v, float u) {
        if (v <= -1f || u <= -1f || v >= images.rows() || u >= images.columns()) {
            return 0f;
        }
        int v0 = (int) Math.floor(v);
        int u0 = (int) Math.floor(u);
        float fv = v - v0;
        float fu = u - u0;
        float top = (1 - fu) * grey(v0, u0) + fu * grey(v0, u0 + 1);
        float bottom = (1 - fu) * grey(v0 + 1, u0) + fu * grey(v0 + 1, u0 + 1);
        return ((1 - fv) * top + fv * bottom) / 255f;
    }

    private int grey(int y, int x) {
        return y < 0 || x < 0 || y >= images.rows() || x >= images.columns() ? 0 : images.pixel(index, y, x);
    }
}
