package dev.repbench.tasks.study;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.Sample;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.cifar.CifarBinary;
import dev.repbench.tasks.data.files.DatasetFolder;
import dev.repbench.tasks.data.files.ListedSamples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cifar100-cls}: CIFAR-100, 100 fine classes, single linear layer, top-1, 100 epochs, on the official
 * train (50,000) and test (10,000) files of the binary version. Labels are read when the task opens (two bytes per
 * record); pixels per sample.
 */
public final class Cifar100Classification extends StudyTask {
    /** The task's name. */
    public static final String NAME = "cifar100-cls";

    /** For {@link java.util.ServiceLoader}. */
    public Cifar100Classification() {
        super(new Description(NAME, "CIFAR-100 classification, 100 fine classes (binary version)",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(100),
                1, 100, "cifar-100-binary", "train.bin and test.bin (the 'CIFAR-100 binary version')",
                "CIFAR-100 from https://www.cs.toronto.edu/~kriz/cifar.html"));
    }

    /** One record of a CIFAR file. */
    private record CifarEntry(Path file, int index, int label) implements ListedSamples.Entry {
        @Override
        public List<Path> files() {
            return List.of(file);
        }

        @Override
        public String labelText() {
            return index + ":" + label;
        }
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        return new Splits(split(dataset, "train.bin"), split(dataset, "test.bin"));
    }

    private static ListedSamples<CifarEntry> split(DatasetFolder dataset, String name) {
        Path path = dataset.file(name);
        CifarBinary file;
        List<CifarEntry> entries = new ArrayList<>();
        try {
            file = CifarBinary.open(path);
            byte[] all = java.nio.file.Files.readAllBytes(path);
            for (int i = 0; i < file.size(); i++) {
                int label = all[i * CifarBinary.RECORD_BYTES + 1] & 0xFF;
                if (label >= 100) {
                    throw dataset.problem(path, "record " + i + " has fine label " + label + ", not 0..99");
                }
                entries.add(new CifarEntry(path, i, label));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw dataset.problem(path, "not a CIFAR-100 binary file (" + e.getMessage() + ")", e);
        }
        return new ListedSamples<>(entries, entry -> {
            try {
                return Sample.of(file.read(entry.index()).image(), new ClassLabel(entry.label()));
            } catch (IOException e) {
                throw dataset.problem(path, "cannot read record " + entry.index() + " (" + e.getMessage() + ")", e);
            }
        });
    }
}
