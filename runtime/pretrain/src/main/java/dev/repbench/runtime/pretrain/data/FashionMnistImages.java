package dev.repbench.runtime.pretrain.data;

import dev.repbench.api.data.Image;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.io.Sha256;
import dev.repbench.tasks.data.idx.LabelledImages;
import java.nio.file.Path;
import java.util.List;

/**
 * A Fashion-MNIST split (the train split for pretraining), labelled: images through the runtime's {@link FashionMnistSplits} adapter (grey replicated
 * to RGB), labels and raw pixel bytes (for the hash) through the tasks module's IDX reader that adapter wraps.
 */
final class FashionMnistImages implements ImageSource {
    private final SampleSource images;
    private final LabelledImages raw;

    private FashionMnistImages(SampleSource images, LabelledImages raw) {
        this.images = images;
        this.raw = raw;
    }

    /** Opens the train split's files under {@code dataRoot} (itself, or its {@code fashion-mnist/} folder). */
    static FashionMnistImages open(Path dataRoot) {
        return open(dataRoot, Split.TRAIN);
    }

    /** Opens {@code split}'s files under {@code dataRoot}. */
    static FashionMnistImages open(Path dataRoot, Split split) {
        FashionMnistSplits data = FashionMnistSplits.open(dataRoot);
        return new FashionMnistImages(data.split(split),
                dev.repbench.tasks.data.idx.FashionMnist.shared(data.root()).imagesFor(split));
    }

    @Override
    public String name() {
        return FashionMnistSplits.NAME;
    }

    @Override
    public int size() {
        return raw.size();
    }

    @Override
    public List<String> classNames() {
        return FashionMnistSplits.CLASSES;
    }

    @Override
    public int label(int index) {
        return raw.label(index);
    }

    @Override
    public String item(int index) {
        return Integer.toString(index);
    }

    @Override
    public Image image(int index) {
        return images.get(index).image();
    }

    @Override
    public String sha256(int index) {
        return Sha256.of(raw.imageBytes(index));
    }
}
