package dev.repbench.tasks.study;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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

/**
 * {@code clevr-count}: how many objects a CLEVR scene holds, as VTAB poses it: 3 to 10 objects, 8 classes
 * (class = count − 3); single linear layer, top-1, 100 epochs; CLEVR's train split to train, its val split to test.
 * (ViRB sized its classifier as the largest count + 1 = 11 outputs, three of them never used.)
 */
public final class ClevrCount extends StudyTask {
    /** The task's name. */
    public static final String NAME = "clevr-count";
    static final int MIN_OBJECTS = 3;
    static final int CLASSES = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** For {@link java.util.ServiceLoader}. */
    public ClevrCount() {
        super(new Description(NAME, "CLEVR object count, 3-10 objects as 8 classes",
                TaskCategory.STRUCTURAL_IMAGE_LEVEL, HeadKind.LINEAR, Metric.TOP1, new OutputSpec.ClassScores(CLASSES),
                1, 100, "CLEVR_v1.0", "images/{train,val}/*.png and scenes/CLEVR_{train,val}_scenes.json",
                "CLEVR v1.0 from https://cs.stanford.edu/people/jcjohns/clevr/"));
    }

    @Override
    protected Splits read(DatasetFolder dataset) {
        return new Splits(Classification.samples(split(dataset, "train"), dataset, CLASSES),
                Classification.samples(split(dataset, "val"), dataset, CLASSES));
    }

    /** Streams the scenes file (hundreds of MB for train), keeping each scene's file name and object count. */
    private static List<LabelledImage> split(DatasetFolder dataset, String split) {
        Path scenes = dataset.file("scenes/CLEVR_" + split + "_scenes.json");
        List<LabelledImage> entries = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(scenes.toFile())) {
            if (!seekArray(parser, "scenes")) {
                throw dataset.problem(scenes, "no \"scenes\" array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                JsonNode scene = parser.readValueAsTree();
                String file = scene.path("image_filename").asText("");
                int count = scene.path("objects").size();
                if (file.isEmpty() || count < MIN_OBJECTS || count >= MIN_OBJECTS + CLASSES) {
                    throw dataset.problem(scenes, "scene " + entries.size() + " has no image_filename or "
                            + count + " objects (expected " + MIN_OBJECTS + ".." + (MIN_OBJECTS + CLASSES - 1) + ")");
                }
                entries.add(new LabelledImage(dataset.root().resolve("images").resolve(split).resolve(file), count - MIN_OBJECTS));
            }
        } catch (IOException e) {
            throw dataset.problem(scenes, "not a CLEVR scenes file (" + e.getMessage() + ")", e);
        }
        return entries;
    }

    /** Moves the parser to the start of the array under the top-level field {@code name}. */
    private static boolean seekArray(JsonParser parser, String name) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals(name) && value == JsonToken.START_ARRAY) {
                return true;
            }
            parser.skipChildren();
        }
        return false;
    }
}
