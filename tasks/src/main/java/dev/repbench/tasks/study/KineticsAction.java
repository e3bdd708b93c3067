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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code kinetics-action}: Kinetics-400 action from six frames, multi-input fusion head, top-1, 100 epochs, in
 * ViRB's frame layout: the annotation files map each video id to its label, and a video's frames are
 * {@code <split>/<first two letters of the id>/<id>_*.jpg}; a sample is its first six frames in name order
 * (videos with fewer frames are left out). Classes are the sorted labels of the training annotations.
 */
public final class KineticsAction extends StudyTask {
    /** The task's name. */
    public static final String NAME = "kinetics-action";
    static final int FRAMES = 6;
    static final int CLASSES = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** For {@link java.util.ServiceLoader}. */
    public KineticsAction() {
        super(new Description(NAME, "Kinetics-400 action classification from 6 frames",
                TaskCategory.SEMANTIC_IMAGE_LEVEL, HeadKind.MULTI_INPUT_FUSION, Metric.TOP1,
                new OutputSpec.ClassScores(CLASSES), FRAMES, 100, "kinetics400",
                "annotations/{train,validate}.json ({id: {\"annotations\": {\"label\": ...}}}) and frames {train,validate}/<id[0:2]>/<id>_*.jpg (ViRB's layout)",
                "Kinetics-400 from https://github.com/cvdfoundation/kinetics-dataset, frames extracted at a constant rate"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        Map<String, String> train = labels(dataset, "annotations/train.json");
        Map<String, String> test = labels(dataset, "annotations/validate.json");
        List<String> classes = new ArrayList<>(new TreeSet<>(train.values()));
        return new Splits(Classification.samples(videos(dataset, "train", train, classes), dataset, CLASSES),
                Classification.samples(videos(dataset, "validate", test, classes), dataset, CLASSES));
    }

    private static Map<String, String> labels(DatasetFolder dataset, String file) {
        Path path = dataset.file(file);
        Map<String, String> labels = new java.util.TreeMap<>();
        try {
            JsonNode root = JSON.readTree(path.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> video = it.next();
                String label = video.getValue().path("annotations").path("label").asText("");
                if (label.isEmpty()) {
                    throw dataset.problem(path, "video " + video.getKey() + " has no annotations.label");
                }
                labels.put(video.getKey(), label);
            }
        } catch (IOException e) {
            throw dataset.problem(path, "not a Kinetics annotation file (" + e.getMessage() + ")", e);
        }
        return labels;
    }

    private static List<LabelledImage> videos(DatasetFolder dataset, String split, Map<String, String> labels, List<String> classes) {
        Path root = dataset.folder(split);
        Map<String, List<Path>> framesByPrefix = new java.util.HashMap<>();
        List<LabelledImage> entries = new ArrayList<>();
        for (Map.Entry<String, String> video : labels.entrySet()) {
            String id = video.getKey();
            String prefix = id.length() >= 2 ? id.substring(0, 2) : id;
            List<Path> folder = framesByPrefix.computeIfAbsent(prefix, p -> java.nio.file.Files.isDirectory(root.resolve(p))
                    ? dataset.files(root.resolve(p), ".jpg") : List.of());
            List<Path> frames = folder.stream().filter(f -> f.getFileName().toString().startsWith(id + "_")).limit(FRAMES).toList();
            int label = classes.indexOf(video.getValue());
            if (frames.size() == FRAMES && label >= 0) {
                entries.add(new LabelledImage(frames, label));
            }
        }
        if (entries.isEmpty()) {
            throw dataset.problem(root, "no video with " + FRAMES + " frames and a training label");
        }
        return entries;
    }
}
