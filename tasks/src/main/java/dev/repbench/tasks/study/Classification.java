package dev.repbench.tasks.study;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.Sample;
import dev.repbench.tasks.data.files.DatasetFolder;
import dev.repbench.tasks.data.files.ListedSamples;
import dev.repbench.tasks.data.image.ImageFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** What the classification tasks share: class folders, label checks, seeded per-class splits. */
final class Classification {
    static final String[] IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png"};

    private Classification() {
    }

    /**
     * The split as samples: each entry's frames read as RGB, its label as the target.
     *
     * @param classes the task's class count; every label must be below it
     */
    static ListedSamples<LabelledImage> samples(List<LabelledImage> entries, DatasetFolder dataset, int classes) {
        for (LabelledImage entry : entries) {
            if (entry.label() < 0 || entry.label() >= classes) {
                throw dataset.problem(entry.frames().getFirst(), "class " + entry.label() + " is outside 0.." + (classes - 1));
            }
        }
        String layout = dataset.expected();
        return new ListedSamples<>(entries, entry -> {
            List<Image> frames = new ArrayList<>(entry.frames().size());
            for (Path frame : entry.frames()) {
                frames.add(ImageFiles.readRgb(frame, layout));
            }
            return new Sample(frames, new ClassLabel(entry.label()));
        });
    }

    /** The names of the sub-folders of {@code folder}, sorted: the classes of a class-folder layout. */
    static List<String> folderNames(DatasetFolder dataset, Path folder) {
        List<String> names = new ArrayList<>();
        for (Path sub : dataset.subfolders(folder)) {
            names.add(sub.getFileName().toString());
        }
        if (names.isEmpty()) {
            throw dataset.problem(dataset.root().resolve(folder), "no class folders");
        }
        return names;
    }

    /**
     * Every image in {@code folder/<class>/}, labelled by the class's position in {@code classes}; a sub-folder
     * not in {@code classes} is an error.
     */
    static List<LabelledImage> classFolders(DatasetFolder dataset, Path folder, List<String> classes) {
        List<LabelledImage> entries = new ArrayList<>();
        for (Path sub : dataset.subfolders(folder)) {
            int label = classes.indexOf(sub.getFileName().toString());
            if (label < 0) {
                throw dataset.problem(sub, "a class folder that is not one of the " + classes.size() + " classes");
            }
            for (Path image : dataset.files(sub, IMAGE_SUFFIXES)) {
                entries.add(new LabelledImage(image, label));
            }
        }
        if (entries.isEmpty()) {
            throw dataset.problem(dataset.root().resolve(folder), "no images");
        }
        return entries;
    }

    /**
     * Splits entries per class with a fixed seed: each class's entries shuffled, the first {@code trainCount(n)}
     * of its {@code n} to TRAIN, the rest to TEST; both keep the entries' original order.
     */
    static StudyTask.Splits perClassSplit(List<LabelledImage> all, DatasetFolder dataset, int classes,
                                          java.util.function.IntUnaryOperator trainCount) {
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < all.size(); i++) {
            byClass.computeIfAbsent(all.get(i).label(), k -> new ArrayList<>()).add(i);
        }
        boolean[] toTrain = new boolean[all.size()];
        Random random = new Random(StudyTask.SPLIT_SEED);
        for (List<Integer> members : byClass.values()) {
            List<Integer> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, random);
            int n = Math.min(trainCount.applyAsInt(members.size()), members.size());
            for (int k = 0; k < n; k++) {
                toTrain[shuffled.get(k)] = true;
            }
        }
        List<LabelledImage> train = new ArrayList<>();
        List<LabelledImage> test = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (toTrain[i] ? train : test).add(all.get(i));
        }
        return new StudyTask.Splits(samples(train, dataset, classes), samples(test, dataset, classes));
    }
}
