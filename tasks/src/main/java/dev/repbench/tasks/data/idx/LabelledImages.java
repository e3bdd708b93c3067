package dev.repbench.tasks.data.idx;

import java.util.Objects;

/**
 * One split of an MNIST-style dataset: {@code size()} grey images of {@code rows()×columns()} unsigned bytes
 * and a class label each, held as the byte arrays they were read into. Immutable and thread-safe.
 */
public final class LabelledImages {
    private final int rows;
    private final int columns;
    private final byte[] pixels;
    private final byte[] labels;
    private final int[][] indicesByClass;

    LabelledImages(int rows, int columns, byte[] pixels, byte[] labels, int classes) {
        this.rows = rows;
        this.columns = columns;
        this.pixels = pixels;
        this.labels = labels;
        int[] counts = new int[classes];
        for (byte label : labels) {
            counts[label & 0xFF]++;
        }
        indicesByClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            indicesByClass[c] = new int[counts[c]];
        }
        int[] filled = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i] & 0xFF;
            indicesByClass[c][filled[c]++] = i;
        }
    }

    /** @return the number of images */
    public int size() {
        return labels.length;
    }

    /** @return image height */
    public int rows() {
        return rows;
    }

    /** @return image width */
    public int columns() {
        return columns;
    }

    /** @return the number of classes labels are drawn from */
    public int classes() {
        return indicesByClass.length;
    }

    /**
     * @param index an image, {@code 0..size()-1}
     * @return its class
     */
    public int label(int index) {
        return labels[Objects.checkIndex(index, labels.length)] & 0xFF;
    }

    /**
     * @param index an image
     * @param y     row
     * @param x     column
     * @return the grey value at (y, x), 0..255
     */
    public int pixel(int index, int y, int x) {
        Objects.checkIndex(index, labels.length);
        Objects.checkIndex(y, rows);
        Objects.checkIndex(x, columns);
        return pixels[(index * rows + y) * columns + x] & 0xFF;
    }

    /**
     * @param index an image
     * @return a copy of its grey values, row-major, {@code rows()*columns()} unsigned bytes (mask with {@code 0xFF})
     */
    public byte[] imageBytes(int index) {
        Objects.checkIndex(index, labels.length);
        int length = rows * columns;
        byte[] copy = new byte[length];
        System.arraycopy(pixels, index * length, copy, 0, length);
        return copy;
    }

    /**
     * @param label a class
     * @return how many images have it
     */
    public int countOf(int label) {
        return indicesByClass[Objects.checkIndex(label, indicesByClass.length)].length;
    }

    /**
     * @param label a class
     * @param k     {@code 0..countOf(label)-1}
     * @return the index of the k-th image of that class, in file order
     */
    public int indexOf(int label, int k) {
        int[] indices = indicesByClass[Objects.checkIndex(label, indicesByClass.length)];
        return indices[Objects.checkIndex(k, indices.length)];
    }
}
