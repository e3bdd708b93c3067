package dev.repbench.tasks.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.api.task.HeadKind;
import dev.repbench.api.task.Metric;
import dev.repbench.api.task.OutputSpec;
import dev.repbench.api.task.TaskCategory;
import dev.repbench.tasks.data.files.DatasetFolder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code nuscenes-egomotion}: the car's motion between two consecutive nuScenes frames (forward, forward-left,
 * forward-right, none), multi-input fusion, top-1, 100 epochs, in ViRB's published layout:
 * {@code nuScenes_{train,test}.json}, each a list of {@code {"img_a", "img_b", "label"}} with paths relative to the
 * folder. Classes are the sorted labels of the training file.
 */
public final class NuScenesEgomotion extends StudyTask {
    /** The task's name. */
    public static final String NAME = "nuscenes-egomotion";
    static final int CLASSES = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** For {@link java.util.ServiceLoader}. */
    public NuScenesEgomotion() {
        super(new Description(NAME, "nuScenes egomotion between two frames (4 motions)",
                TaskCategory.STRUCTURAL_IMAGE_LEVEL, HeadKind.MULTI_INPUT_FUSION, Metric.TOP1,
                new OutputSpec.ClassScores(CLASSES), 2, 100, "nuScenes",
                "nuScenes_{train,test}.json: lists of {\"img_a\", \"img_b\", \"label\"} with paths relative to the folder",
                "ViRB's nuScenes pairs, linked from https://github.com/allenai/ViRB (images from https://www.nuscenes.org)"));
    }

    private record Pair(String a, String b, String label) {
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        List<Pair> train = pairs(dataset, "nuScenes_train.json");
        List<Pair> test = pairs(dataset, "nuScenes_test.json");
        List<String> classes = new ArrayList<>(new TreeSet<>(train.stream().map(Pair::label).toList()));
        if (classes.size() > CLASSES) {
            throw dataset.problem(dataset.root().resolve("nuScenes_train.json"), classes.size() + " labels " + classes + ", expected " + CLASSES);
        }
        return new Splits(Classification.samples(entries(dataset, train, classes), dataset, CLASSES),
                Classification.samples(entries(dataset, test, classes), dataset, CLASSES));
    }

    private static List<Pair> pairs(DatasetFolder dataset, String file) {
        Path path = dataset.file(file);
        List<Pair> pairs = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(path.toFile());
            if (!root.isArray()) {
                throw dataset.problem(path, "not a JSON list");
            }
            for (JsonNode item : root) {
                Pair pair = new Pair(item.path("img_a").asText(""), item.path("img_b").asText(""), item.path("label").asText(""));
                if (pair.a().isEmpty() || pair.b().isEmpty() || pair.label().isEmpty()) {
                    throw dataset.problem(path, "item " + pairs.size() + " lacks img_a, img_b or label");
                }
                pairs.add(pair);
            }
        } catch (IOException e) {
            throw dataset.problem(path, "not a JSON list of pairs (" + e.getMessage() + ")", e);
        }
        return pairs;
    }

    private static List<LabelledImage> entries(DatasetFolder dataset, List<Pair> pairs, List<String> classes) {
        List<LabelledImage> entries = new ArrayList<>();
        for (Pair pair : pairs) {
            int label = classes.indexOf(pair.label());
            if (label < 0) {
                throw dataset.problem(dataset.root(), "test label '" + pair.label() + "' never occurs in training");
            }
            entries.add(new LabelledImage(List.of(dataset.file(pair.a()), dataset.file(pair.b())), label));
        }
        return entries;
    }
}
