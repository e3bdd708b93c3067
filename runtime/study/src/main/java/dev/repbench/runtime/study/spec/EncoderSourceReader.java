package dev.repbench.runtime.study.spec;

import dev.repbench.api.Provider;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.tasks.battery.GarmentScenes;
import dev.repbench.torch.io.CheckpointLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code encoders} map of a spec: each entry has exactly one source ({@code random-init}, {@code onnx},
 * {@code checkpoint}, {@code pretrain}), whose fields, files, algorithm and overrides are checked here.
 */
final class EncoderSourceReader {
    static final List<String> SOURCES = List.of("random-init", "onnx", "checkpoint", "pretrain");
    static final List<String> RANDOM_INIT_FIELDS = List.of("arch", "seed");
    static final List<String> CHECKPOINT_FIELDS = List.of("file", "arch", "layout");
    static final List<String> PRETRAIN_FIELDS = List.of("algorithm", "dataset", "variant", "arch", "epochs", "seed",
            "set", "checkpoint-every-epochs", "checkpoint-every-steps");
    private static final String FASHION_MNIST = "fashion-mnist";
    private static final String TASK_PREFIX = "task:";
    /** What a pretraining run trains when the spec names no architecture: the battery's small-image ResNet-18. */
    private static final String DEFAULT_ARCHITECTURE = "resnet18-small";

    private final Problems problems;
    private final Catalog catalog;
    private final SpecPaths paths;

    EncoderSourceReader(Problems problems, Catalog catalog, SpecPaths paths) {
        this.problems = problems;
        this.catalog = catalog;
        this.paths = paths;
    }

    /** @return the sources under {@code encoders}, in file order; unreadable ones are left out after a problem */
    Map<String, EncoderSource> read(MapReader top) {
        Map<String, EncoderSource> encoders = new LinkedHashMap<>();
        SpecNode node = top.get("encoders");
        if (node == null) {
            top.missing("encoders", "name at least one encoder, e.g. encoders: { random-init: { random-init: { arch: resnet18-small } } }");
            return encoders;
        }
        if (!(node instanceof SpecNode.MapNode map)) {
            problems.at(node, "must be a map from encoder names to sources, got " + node.kindName());
            return encoders;
        }
        if (map.entries().isEmpty()) {
            problems.at(node, "names no encoder — give at least one");
        }
        map.entries().forEach((name, value) -> {
            if (!Provider.isValidName(name)) {
                problems.at(map.keyLocations().get(name), value.path(), "'" + name
                        + "' is not a valid encoder name — use lower-case letters, digits, '.', '_' and '-'");
            }
            int before = problems.size();
            EncoderSource source = encoder(value);
            if (source != null) {
                encoders.put(name, source);
            } else if (problems.size() == before) {
                problems.at(value, "cannot be read as an encoder source — see docs/run-spec.md");
            }
        });
        return encoders;
    }

    private EncoderSource encoder(SpecNode node) {
        MapReader reader = MapReader.of(node, SOURCES, problems);
        if (reader == null) {
            return null;
        }
        List<String> given = reader.node().entries().keySet().stream().filter(SOURCES::contains).toList();
        if (given.size() != 1) {
            problems.at(node, "needs exactly one source (" + String.join(", ", SOURCES) + "), got "
                    + (given.isEmpty() ? "none" : String.join(" and ", given)));
            return null;
        }
        SpecNode value = reader.get(given.getFirst());
        return switch (given.getFirst()) {
            case "random-init" -> randomInit(value);
            case "onnx" -> onnx(reader);
            case "checkpoint" -> checkpoint(value);
            default -> pretrain(value);
        };
    }

    private String architecture(MapReader reader, String fallback) {
        String known = String.join(", ", catalog.architectures());
        String arch = fallback == null ? reader.requiredText("arch", "one of " + known) : reader.text("arch", fallback);
        if (arch != null && !catalog.architectures().contains(arch)) {
            problems.at(reader.get("arch"), "unknown architecture '" + arch + "' — known: " + known);
            return null;
        }
        return arch;
    }

    private EncoderSource randomInit(SpecNode node) {
        MapReader reader = MapReader.of(node, RANDOM_INIT_FIELDS, problems);
        if (reader == null) {
            return null;
        }
        String arch = architecture(reader, null);
        Long seed = reader.whole("seed", 0, 0L);
        return arch == null || seed == null ? null : new EncoderSource.RandomInit(arch, seed);
    }

    private EncoderSource onnx(MapReader reader) {
        String path = reader.text("onnx", null);
        if (path == null) {
            return null;
        }
        Path resolved = paths.resolve(path);
        if (Files.isDirectory(resolved)) {
            if (!Files.isRegularFile(resolved.resolve("encoder.onnx")) || !Files.isRegularFile(resolved.resolve("encoder.json"))) {
                problems.at(reader.get("onnx"), resolved + " holds no encoder.onnx and encoder.json — name an encoder folder"
                        + " ('repbench export' or 'repbench import' writes one) or an .onnx file");
                return null;
            }
            return new EncoderSource.EncoderFolder(resolved);
        }
        return new EncoderSource.OnnxModel(paths.file(reader.get("onnx"), path, "name an .onnx file or an encoder folder"));
    }

    private EncoderSource checkpoint(SpecNode node) {
        MapReader reader = MapReader.of(node, CHECKPOINT_FIELDS, problems);
        if (reader == null) {
            return null;
        }
        String path = reader.requiredText("file", "the torch.save checkpoint, relative to the spec file");
        Path file = path == null ? null : paths.file(reader.get("file"), path, "check the checkpoint's path (relative to the spec file)");
        String arch = architecture(reader, null);
        String layout = reader.text("layout", "auto");
        if (layout != null) {
            try {
                CheckpointLayout.named(layout);
            } catch (IllegalArgumentException e) {
                problems.at(reader.get("layout"), e.getMessage());
                layout = null;
            }
        }
        return file == null || arch == null || layout == null ? null : new EncoderSource.Checkpoint(file, arch, layout);
    }

    private EncoderSource pretrain(SpecNode node) {
        MapReader reader = MapReader.of(node, PRETRAIN_FIELDS, problems);
        if (reader == null) {
            return null;
        }
        String algorithm = reader.requiredText("algorithm", "one of " + String.join(", ", catalog.algorithms()));
        if (algorithm != null && !catalog.algorithms().contains(algorithm)) {
            problems.at(reader.get("algorithm"), "unknown algorithm '" + algorithm + "' — known: "
                    + (catalog.algorithms().isEmpty() ? "none (are the plugin jars in the plugins folder?)"
                    : String.join(", ", catalog.algorithms())));
            algorithm = null;
        }
        String dataset = dataset(reader);
        String variant = reader.text("variant", "full");
        String arch = architecture(reader, DEFAULT_ARCHITECTURE);
        Integer epochs = reader.requiredCount("epochs", 1, "how many pretraining epochs, e.g. epochs: 1");
        Long seed = reader.whole("seed", 0, 0L);
        Map<String, Object> overrides = overrides(reader.get("set"), algorithm);
        Integer everyEpochs = reader.count("checkpoint-every-epochs", 0, 1);
        Long everySteps = reader.whole("checkpoint-every-steps", 0, 0L);
        if (algorithm == null || dataset == null || variant == null || arch == null || epochs == null || seed == null
                || overrides == null || everyEpochs == null || everySteps == null) {
            return null;
        }
        return new EncoderSource.Pretrain(algorithm, dataset, variant, arch, epochs, seed, overrides, everyEpochs, everySteps);
    }

    /**
     * The pretraining images: {@code fashion-mnist}, {@code fashion-mnist-scenes}, {@code task:NAME} (a known task's training split), or a folder
     * of images (resolved against the spec's folder, so the job gets an absolute path).
     */
    private String dataset(MapReader reader) {
        String dataset = reader.text("dataset", FASHION_MNIST);
        if (dataset == null || dataset.equals(FASHION_MNIST) || dataset.equals(GarmentScenes.NAME)) {
            return dataset;
        }
        if (dataset.startsWith(TASK_PREFIX)) {
            String task = dataset.substring(TASK_PREFIX.length());
            if (!catalog.tasks().contains(task)) {
                problems.at(reader.get("dataset"), "unknown task '" + task + "' — known: " + String.join(", ", catalog.tasks()));
                return null;
            }
            return dataset;
        }
        return paths.folder(reader.get("dataset"), dataset, "the dataset is " + FASHION_MNIST + ", " + GarmentScenes.NAME + ", " + TASK_PREFIX
                + "NAME or a folder of images (relative to the spec file)").toString();
    }

    /** Reads {@code set:} and checks it against the algorithm's defaults (names and types). */
    private Map<String, Object> overrides(SpecNode node, String algorithm) {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof SpecNode.MapNode map)) {
            problems.at(node, "must be a map of config names to values, got " + node.kindName());
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, SpecNode> e : map.entries().entrySet()) {
            Object value = plain(e.getValue());
            if (value == null) {
                problems.at(e.getValue(), "must be a number, text, boolean or list of them, got " + e.getValue().kindName());
                ok = false;
                continue;
            }
            values.put(e.getKey(), value);
            Optional<AlgorithmConfig> defaults = algorithm == null ? Optional.empty()
                    : catalog.defaultConfig(algorithm);
            if (defaults.isPresent()) {
                try {
                    defaults.get().withOverrides(Map.of(e.getKey(), value));
                } catch (IllegalArgumentException ex) {
                    problems.at(map.keyLocations().get(e.getKey()), e.getValue().path(), "for " + algorithm + ": " + ex.getMessage());
                    ok = false;
                }
            }
        }
        return ok ? values : null;
    }

    private static Object plain(SpecNode node) {
        if (node instanceof SpecNode.Scalar s) {
            return s.value();
        }
        if (node instanceof SpecNode.ListNode list) {
            List<Object> items = new ArrayList<>();
            for (SpecNode item : list.items()) {
                Object value = item instanceof SpecNode.Scalar s ? s.value() : null;
                if (value == null) {
                    return null;
                }
                items.add(value);
            }
            return items;
        }
        return null;
    }
}
