package dev.repbench.runtime.features.pipeline;

import dev.repbench.api.data.Image;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An encoder's preprocessing, applied to one image at a time: resize to the input size (bilinear, see
 * {@link BilinearResize}), scale {@code [0, 1]} to the value range, then per channel {@code (x − mean) / std},
 * written as {@code 3 × H × W} floats into a batch buffer in the model's channel order (RGB, or BGR). A grey image
 * is replicated to three channels.
 *
 * <p>Thread-safe: workers share one instance; each thread has its own scratch arrays.
 */
public final class Preprocessor {
    /** Names the resizing in cache keys; change it whenever the arithmetic changes, so old caches are not reused. */
    public static final String RESIZE_METHOD = "bilinear-triangle-antialias/v1";

    private final int height;
    private final int width;
    private final boolean bgr;
    private final float[] scale = new float[3];
    private final float[] shift = new float[3];
    private final Map<String, Object> description;
    private final ConcurrentHashMap<Long, BilinearResize> resizes = new ConcurrentHashMap<>();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** The preprocessing an encoder file records. */
    public static Preprocessor of(EncoderDescriptor.Preprocessing p) {
        return of(p, p.inputSize().get(0), p.inputSize().get(1));
    }

    /** The preprocessing an encoder file records, at another input size (CKA's). */
    public static Preprocessor of(EncoderDescriptor.Preprocessing p, int height, int width) {
        return new Preprocessor(height, width, p.mean(), p.std(), p.valueRange(), p.channelOrder());
    }

    /** RGB channels. */
    public Preprocessor(int height, int width, List<Double> mean, List<Double> std, List<Double> valueRange) {
        this(height, width, mean, std, valueRange, EncoderDescriptor.Preprocessing.RGB);
    }

    /**
     * @param mean         per channel of the model's order, subtracted after scaling
     * @param std          per channel of the model's order, divided by
     * @param valueRange   {@code [low, high]} that image values {@code [0, 1]} are scaled to first
     * @param channelOrder the model's channel order: {@code RGB}, or {@code BGR} (Caffe's and OpenCV's, so Keras's
     *                     "caffe" models and Detectron2's), for which an image's red and blue planes swap places
     */
    public Preprocessor(int height, int width, List<Double> mean, List<Double> std, List<Double> valueRange,
                        String channelOrder) {
        if (height < 1 || width < 1 || mean.size() != 3 || std.size() != 3 || valueRange.size() != 2) {
            throw new IllegalArgumentException("need a size >= 1, three means and stds and a [low, high] range");
        }
        if (!EncoderDescriptor.Preprocessing.RGB.equals(channelOrder) && !EncoderDescriptor.Preprocessing.BGR.equals(channelOrder)) {
            throw new IllegalArgumentException("channel order " + channelOrder + " is not supported: RGB or BGR");
        }
        this.height = height;
        this.width = width;
        this.bgr = EncoderDescriptor.Preprocessing.BGR.equals(channelOrder);
        double low = valueRange.get(0);
        double high = valueRange.get(1);
        for (int c = 0; c < 3; c++) {
            // ((low + x (high − low)) − mean) / std  =  x · scale + offset, one multiply-add per value.
            scale[c] = (float) ((high - low) / std.get(c));
            shift[c] = (float) ((low - mean.get(c)) / std.get(c));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("resize", RESIZE_METHOD);
        d.put("inputSize", List.of(height, width));
        d.put("mean", List.copyOf(mean));
        d.put("std", List.copyOf(std));
        d.put("valueRange", List.copyOf(valueRange));
        d.put("channels", channelOrder + ", grey replicated");
        this.description = java.util.Collections.unmodifiableMap(d);
    }

    /** Input height. */
    public int height() {
        return height;
    }

    /** Input width. */
    public int width() {
        return width;
    }

    /** Floats per image in a batch: {@code 3 × H × W}. */
    public int imageFloats() {
        return 3 * height * width;
    }

    /** Everything that determines the values written, for cache keys: equal descriptions, equal inputs. */
    public Map<String, Object> description() {
        return description;
    }

    /**
     * Writes {@code image}, preprocessed, to {@code batch[offset … offset + imageFloats)} with absolute puts,
     * so threads may fill disjoint ranges of one buffer at once.
     *
     * @throws IllegalArgumentException if the image has neither 1 nor 3 channels
     */
    public void pack(Image image, FloatBuffer batch, int offset) {
        if (image.channels() != 1 && image.channels() != 3) {
            throw new IllegalArgumentException("an image with " + image.channels() + " channels cannot be fed to an RGB"
                    + " encoder; it takes 3 channels, or 1 (grey, replicated)");
        }
        BilinearResize resize = resizes.computeIfAbsent(((long) image.height() << 32) | image.width(),
                k -> new BilinearResize(image.height(), image.width(), height, width));
        Scratch s = scratch.get();
        int plane = height * width;
        float[] resized = s.resized(plane);
        float[] normalised = s.normalised(plane);
        float[] intermediate = s.intermediate(resize.scratchSize());
        float[] pixels = image.pixels();
        int inPlane = image.height() * image.width();
        for (int c = 0; c < 3; c++) { // c counts the model's channels; a grey image is resized once
            if (image.channels() == 3 || c == 0) {
                int from = image.channels() == 1 ? 0 : bgr ? 2 - c : c;
                resize.resize(pixels, from * inPlane, resized, 0, intermediate);
            }
            float a = scale[c];
            float b = shift[c];
            for (int i = 0; i < plane; i++) {
                normalised[i] = resized[i] * a + b;
            }
            batch.put(offset + c * plane, normalised, 0, plane);
        }
    }

    /** One thread's working arrays, grown on demand and reused. */
    private static final class Scratch {
        private float[] resized = new float[0];
        private float[] normalised = new float[0];
        private float[] intermediate = new float[0];

        float[] resized(int n) {
            return resized.length >= n ? resized : (resized = new float[n]);
        }

        float[] normalised(int n) {
            return normalised.length >= n ? normalised : (normalised = new float[n]);
        }

        float[] intermediate(int n) {
            return intermediate.length >= n ? intermediate : (intermediate = new float[n]);
        }
    }
}
