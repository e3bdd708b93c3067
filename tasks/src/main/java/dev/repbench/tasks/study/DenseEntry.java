package dev.repbench.tasks.study;

import dev.repbench.tasks.data.files.ListedSamples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Entries of the pixelwise tasks: the frames and the file holding the dense target.
 *
 * @param frames the image files of the sample, in order
 * @param target the target file (label map, depth, flow)
 */
record DenseEntry(List<Path> frames, Path target) implements ListedSamples.Entry {
    DenseEntry {
        frames = List.copyOf(frames);
    }

    DenseEntry(Path frame, Path target) {
        this(List.of(frame), target);
    }

    @Override
    public List<Path> files() {
        List<Path> files = new ArrayList<>(frames);
        files.add(target);
        return files;
    }

    @Override
    public String labelText() {
        return "";
    }
}
