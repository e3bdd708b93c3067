package dev.repbench.tasks.study;

import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.Target;
import dev.repbench.tasks.data.files.DatasetFolder;
import dev.repbench.tasks.data.files.ListedSamples;
import dev.repbench.tasks.data.image.ImageFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** What the pixelwise tasks share: pairing frames with target files, and reading both. */
final class Dense {
    private Dense() {
    }

    /**
     * The split as samples: frames read as RGB, the target file's raw values turned into a target.
     *
     * @param target makes the target from the target file's values; its first argument names the file for errors
     */
    static ListedSamples<DenseEntry> samples(List<DenseEntry> entries, DatasetFolder dataset,
                                             BiFunction<Path, ImageFiles.Samples, Target> target) {
        String layout = dataset.expected();
        return new ListedSamples<>(entries, entry -> {
            List<Image> frames = new ArrayList<>(entry.frames().size());
            for (Path frame : entry.frames()) {
                frames.add(ImageFiles.readRgb(frame, layout));
            }
            Path file = entry.target();
            ImageFiles.Samples values = ImageFiles.readSamples(file, layout);
            Image first = frames.getFirst();
            if (values.height() != first.height() || values.width() != first.width()) {
                throw dataset.problem(file, "the target is " + values.height() + "x" + values.width()
                        + " but its image is " + first.height() + "x" + first.width());
            }
            return new Sample(frames, target.apply(file, values));
        });
    }

    /**
     * Pairs images and targets found by sorted listing (the layouts where the two folders hold one file per
     * sample with matching names), checking the counts agree.
     */
    static List<DenseEntry> pairSorted(DatasetFolder dataset, Path folder, List<Path> images, List<Path> targets) {
        if (images.size() != targets.size() || images.isEmpty()) {
            throw dataset.problem(folder, images.size() + " images but " + targets.size() + " targets");
        }
        List<DenseEntry> entries = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            entries.add(new DenseEntry(images.get(i), targets.get(i)));
        }
        return entries;
    }
}
