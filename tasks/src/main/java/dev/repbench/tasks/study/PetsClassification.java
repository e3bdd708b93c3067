package dev.repbench.tasks.study;

import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pets-cls}: Oxford-IIIT Pets, 37 breeds, single linear layer, top-1, 500 epochs, on the official
 * trainval (3,680) and test (3,669) lists.
 */
public final class PetsClassification extends StudyTask {
    /** The task's name. */
    public static final String NAME = "pets-cls";
    static final String FOLDER = "oxford-iiit-pet";
    static final String LAYOUT = "images/<Breed>_<n>.jpg, annotations/{trainval,test}.txt (lines 'Abyssinian_100 1 1 1') and annotations/trimaps/<image>.png";
    static final String SOURCE = "Oxford-IIIT Pet from https://www.robots.ox.ac.uk/~vgg/data/pets/";

    /** For {@link java.util.ServiceLoader}. */
    public PetsClassification() {
        super(new Description(NAME, "Oxford-IIIT Pets breed classification, 37 classes",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(37),
                1, 500, FOLDER, LAYOUT, SOURCE));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        return new Splits(Classification.samples(list(dataset, "annotations/trainval.txt"), dataset, 37),
                Classification.samples(list(dataset, "annotations/test.txt"), dataset, 37));
    }

    /** The images of an official list with their breed (list class ids are 1-based). */
    static List<LabelledImage> list(DatasetFolder dataset, String listFile) {
        List<LabelledImage> entries = new ArrayList<>();
        for (String line : dataset.lines(listFile)) {
            String[] parts = line.split("\\s+");
            int classId;
            try {
                classId = parts.length >= 2 ? Integer.parseInt(parts[1]) : -1;
            } catch (NumberFormatException e) {
                classId = -1;
            }
            if (classId < 1 || classId > 37) {
                throw dataset.problem(dataset.root().resolve(listFile), "line '" + line + "' has no class id 1..37 in its second field");
            }
            entries.add(new LabelledImage(dataset.file("images/" + parts[0] + ".jpg"), classId - 1));
        }
        return entries;
    }
}
