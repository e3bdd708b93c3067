package dev.repbench.tasks.battery;

import dev.repbench.api.data.Image;
import dev.repbench.tasks.data.idx.FashionMnist;
import dev.repbench.tasks.data.idx.LabelledImages;

import java.util.Objects;

/**
 * Fashion-MNIST's training garments drawn the way the battery draws them, one scene per garment: the pretraining
 * source {@value #NAME}, which gives an encoder pretrained on it the battery's domain (issue 16: encoders pretrained
 * on the plain grey 28×28 garments barely separated from random weights on most battery tasks).
 *
 * <p>Scene {@code i} shows training garment {@code i} on a {@value #SIDE}×{@value #SIDE} canvas and is labelled by
 * its class. The garment fills a square box whose side is uniform in [{@value #MIN_BOX}, {@value #MAX_BOX}) of the
 * canvas side (19–58 px, the sizes the battery draws garments at), placed uniformly wholly on the canvas, tinted
 * with a random garment colour and shaded by its own grey ({@link Canvas#paste}), over Fashion-MNIST's black or,
 * with probability 1/2, the battery's smooth dark two-colour blotches ({@link Canvas#withNoiseBackground}). This is
 * the distribution the battery's strong calibration encoder trains on ({@code battery_encoders.py}'s render).
 *
 * <p><b>Deterministic</b>: scene {@code i} is a pure function of {@code i}, garment {@code i} and
 * {@link #GENERATOR_VERSION}: its random numbers come from SHA-256 of {@code fashion-mnist-scenes|v<version>|i},
 * never from a run's seed, so every run and machine sees the same pictures. <b>Training garments only</b>: the
 * battery's TEST samples draw test garments only, so an encoder pretrained here never saw a garment it is tested on.
 */
public final class GarmentScenes {
    /** The source's name as a pretraining dataset. */
    public static final String NAME = "fashion-mnist-scenes";
    /** Raised whenever any scene changes; recorded in the manifest of every training set drawn from the scenes. */
    public static final int GENERATOR_VERSION = 1;
    /** The canvas side in pixels, the battery's. */
    public static final int SIDE = BatteryTask.SIDE;
    /** The smallest garment box, a fraction of the canvas side. */
    public static final float MIN_BOX = 0.3f;
    /** The largest garment box (exclusive), a fraction of the canvas side. */
    public static final float MAX_BOX = 0.9f;

    private final LabelledImages garments;

    /** @param data Fashion-MNIST; only its training split is read */
    public GarmentScenes(FashionMnist data) {
        this.garments = Objects.requireNonNull(data, "data").train();
    }

    /** @return the number of scenes, one per training garment */
    public int size() {
        return garments.size();
    }

    /** @return scene {@code index}'s class: its garment's Fashion-MNIST label */
    public int label(int index) {
        return garments.label(index);
    }

    /** @return scene {@code index}, RGB in [0, 1]; safe to call from any thread */
    public Image scene(int index) {
        Objects.checkIndex(index, garments.size());
        SampleRandom random = new SampleRandom(SampleRandom.seedFrom(NAME + "|v" + GENERATOR_VERSION + "|" + index));
        float box = random.uniform(MIN_BOX, MAX_BOX) * SIDE;
        float left = random.uniform(0f, SIDE - box);
        float top = random.uniform(0f, SIDE - box);
        float[] tint = Colours.garment(random);
        Canvas canvas = random.nextBoolean() ? Canvas.withNoiseBackground(SIDE, SIDE, random) : new Canvas(SIDE, SIDE);
        canvas.paste(new Garment(garments, index, garments.label(index)), left, top, box, 0, tint);
        return canvas.toImage();
    }
}
