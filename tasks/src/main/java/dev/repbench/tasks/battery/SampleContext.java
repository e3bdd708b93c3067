package dev.repbench.tasks.battery;

import dev.repbench.tasks.data.idx.LabelledImages;

import java.util.ArrayList;
import java.util.List;

/**
 * What a battery task draws one sample with: its random numbers and the garments of its split, and nothing else.
 * It records every garment handed out, so tests can check that a sample used only its own split's images.
 */
final class SampleContext {
    private final SampleRandom random;
    private final LabelledImages images;
    private final List<Garment> used = new ArrayList<>();

    SampleContext(SampleRandom random, LabelledImages images) {
        this.random = random;
        this.images = images;
    }

    SampleRandom random() {
        return random;
    }

    /** @return a garment drawn uniformly from the split's images */
    Garment garment() {
        return take(random.nextInt(images.size()));
    }

    /**
     * @param label a class
     * @return a garment drawn uniformly from the split's images of any other class
     */
    Garment garmentNotOf(int label) {
        if (images.size() == images.countOf(label)) {
            throw new IllegalStateException("every image of the split has class " + label + "; need two classes");
        }
        boolean[] others = new boolean[images.classes()];
        java.util.Arrays.fill(others, true);
        others[label] = false;
        return garmentAmong(others);
    }

    /**
     * @param allowed per class, whether it may be drawn
     * @return a garment drawn uniformly from the split's images of the allowed classes
     */
    Garment garmentAmong(boolean[] allowed) {
        int count = 0;
        for (int c = 0; c < images.classes(); c++) {
            count += c < allowed.length && allowed[c] ? images.countOf(c) : 0;
        }
        if (count == 0) {
            throw new IllegalStateException("the split has no image of the allowed classes " + java.util.Arrays.toString(allowed));
        }
        int k = random.nextInt(count);
        for (int c = 0; c < images.classes(); c++) {
            if (c < allowed.length && allowed[c]) {
                if (k < images.countOf(c)) {
                    return take(images.indexOf(c, k));
                }
                k -= images.countOf(c);
            }
        }
        throw new AssertionError("k is below the count of the allowed classes");
    }

    private Garment take(int index) {
        Garment garment = new Garment(images, index, images.label(index));
        used.add(garment);
        return garment;
    }

    /** @return the garments handed out so far, in order */
    List<Garment> used() {
        return List.copyOf(used);
    }

    /**
     * @return a canvas of the given size with a smooth random background
     */
    Canvas noiseCanvas(int height, int width) {
        return Canvas.withNoiseBackground(height, width, random);
    }

    /**
     * @return a black canvas of the given size, as Fashion-MNIST shows its garments
     */
    Canvas blackCanvas(int height, int width) {
        return new Canvas(height, width);
    }

    /**
     * @param side the side of the garment's box
     * @param extent the canvas's side
     * @return a box position that keeps at least three quarters of the box's width on the canvas
     */
    float mostlyInside(float side, int extent) {
        return random.uniform(-side / 4, extent - 3 * side / 4);
    }

    /**
     * @return a box position that keeps the whole box on the canvas
     */
    float inside(float side, int extent) {
        return random.uniform(0f, extent - side);
    }
}
