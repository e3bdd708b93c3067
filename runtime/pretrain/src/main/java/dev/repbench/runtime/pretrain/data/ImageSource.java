package dev.repbench.runtime.pretrain.data;

import dev.repbench.api.data.Image;
import java.util.List;
import java.util.OptionalInt;

/**
 * A fixed, ordered collection of training images a manifest can point into: each image has a stable item key (an
 * index or a relative path), an optional class label, and a content hash. Implementations decode lazily and tolerate
 * concurrent {@link #image} calls.
 */
public interface ImageSource {

    /** @return the name manifests record as the entries' source, e.g. {@code fashion-mnist} */
    String name();

    /** @return the number of images */
    int size();

    /** @return the class names by label, or empty if the images are unlabelled */
    List<String> classNames();

    /** @return whether the images carry class labels */
    default boolean labelled() {
        return !classNames().isEmpty();
    }

    /**
     * @param index {@code 0..size()-1}
     * @return the image's class, {@code 0..classNames().size()-1}, or -1 if unlabelled
     */
    int label(int index);

    /**
     * @param index {@code 0..size()-1}
     * @return the stable key the manifest records: the index as text, or a path relative to the source's folder
     */
    String item(int index);

    /**
     * @param index {@code 0..size()-1}
     * @return the image, RGB
     */
    Image image(int index);

    /**
     * @param index {@code 0..size()-1}
     * @return the lower-case hex SHA-256 of the image's file bytes or of its decoded 8-bit pixels
     */
    String sha256(int index);

    /**
     * @return the version of the code that draws the images, for a source that generates them (recorded in the
     *         manifest), or empty for images read from files
     */
    default OptionalInt generatorVersion() {
        return OptionalInt.empty();
    }
}
