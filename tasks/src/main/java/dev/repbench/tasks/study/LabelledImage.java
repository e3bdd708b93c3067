package dev.repbench.tasks.study;

import dev.repbench.tasks.data.files.ListedSamples;
import java.nio.file.Path;
import java.util.List;

/**
 * Entries of the classification tasks: one or more frames and a class.
 *
 * @param frames the image files of the sample, in order
 * @param label  the class index
 */
record LabelledImage(List<Path> frames, int label) implements ListedSamples.Entry {
    LabelledImage {
        frames = List.copyOf(frames);
    }

    LabelledImage(Path frame, int label) {
        this(List.of(frame), label);
    }

    @Override
    public List<Path> files() {
        return frames;
    }

    @Override
    public String labelText() {
        return Integer.toString(label);
    }
}
