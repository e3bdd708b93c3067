package dev.repbench.runtime.pretrain.data;

import dev.repbench.api.data.Image;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.tasks.battery.GarmentScenes;
import dev.repbench.tasks.data.idx.FashionMnist;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@value GarmentScenes#NAME}: Fashion-MNIST's training garments drawn as the battery draws them
 * ({@link GarmentScenes}), 64×64 RGB, labelled by class. Scenes are drawn when asked for; an entry's hash is that of
 * its drawn pixels, so a change to the drawing shows in every manifest even if the generator version were not raised.
 */
final class GarmentSceneImages implements ImageSource {
    private final GarmentScenes scenes;

    private GarmentSceneImages(GarmentScenes scenes) {
        this.scenes = scenes;
    }

    /** Opens the training garments under {@code dataRoot}, found as for {@code fashion-mnist}. */
    static GarmentSceneImages open(Path dataRoot) {
        return new GarmentSceneImages(new GarmentScenes(FashionMnist.shared(FashionMnist.locate(dataRoot))));
    }

    @Override
    public String name() {
        return GarmentScenes.NAME;
    }

    @Override
    public int size() {
        return scenes.size();
    }

    @Override
    public List<String> classNames() {
        return FashionMnistSplits.CLASSES;
    }

    @Override
    public int label(int index) {
        return scenes.label(index);
    }

    @Override
    public String item(int index) {
        return Integer.toString(index);
    }

    @Override
    public Image image(int index) {
        return scenes.scene(index);
    }

    @Override
    public String sha256(int index) {
        return PixelHash.of(image(index));
    }

    @Override
    public OptionalInt generatorVersion() {
        return OptionalInt.of(GarmentScenes.GENERATOR_VERSION);
    }
}
