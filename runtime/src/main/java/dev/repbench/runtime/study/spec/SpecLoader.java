package dev.repbench.runtime.study.spec;

import dev.repbench.api.Device;
import dev.repbench.api.Provider;
import dev.repbench.api.pretrain.EncoderArchitecture;
import dev.repbench.runtime.data.FashionMnist;
import dev.repbench.torch.io.CheckpointLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a {@link SpecDocument} into a {@link StudySpec}. Everything is checked before anything runs — types,
 * ranges, unknown fields, algorithm and task names (against the {@link Catalog}), algorithm overrides, that input
 * files exist, the device — and every problem is reported at once with its line, column and field path.
 */
public final class SpecLoader {
    static final List<String> TOP_FIELDS = List.of("name", "output", "data-root", "cache", "device", "threads", "seeds",
            "plugins", "encoders", "tasks", "eval", "cka", "report");
    static final List<String> SOURCES = List.of("random-init", "onnx", "checkpoint", "pretrain");
    static final List<String> RANDOM_INIT_FIELDS = List.of("arch", "seed");
    static final List<String> CHECKPOINT_FIELDS = List.of("file", "arch", "layout");
    static final List<String> PRETRAIN_FIELDS = List.of("algorithm", "dataset", "variant", "arch", "epochs", "seed",
            "set", "checkpoint-every-epochs", "checkpoint-every-steps");
    static final List<String> EVAL_FIELDS = List.of("epochs", "metric-mode", "lr", "batch");
    static final List<String> CKA_FIELDS = List.of("encoders", "images", "size", "batch", "outputs");
    static final List<String> METRIC_MODES = List.of("standard", "virb-compat");
    private static final String ARCHITECTURES = String.join(", ",
            Arrays.stream(EncoderArchitecture.values()).map(EncoderArchitecture::id).toList());

    private final SpecDocument document;
    private final Catalog catalog;
    private final Problems problems;

    private SpecLoader(SpecDocument document, Catalog catalog) {
        this.document = document;
        this.catalog = catalog;
        this.problems = new Problems(document.file());
    }

    /**
     * Reads and validates a spec file.
     *
     * @param file    the spec file
     * @param catalog the algorithms and tasks it may name
     * @return the validated study
     * @throws SpecException with every problem found
     */
    public static StudySpec load(Path file, Catalog catalog) {
        return load(SpecDocument.read(file), catalog);
    }

    /** As {@link #load(Path, Catalog)} for an already parsed file. */
    public static StudySpec load(SpecDocument document, Catalog catalog) {
        return new SpecLoader(document, catalog).study();
    }

    private StudySpec study() {
        MapReader top = MapReader.of(document.root(), TOP_FIELDS, problems);
        if (top == null) {
            problems.throwIfAny();
        }
        String name = top.requiredText("name", "name the study, e.g. name: quickstart");
        if (name != null && !Provider.isValidName(name)) {
            problems.at(top.get("name"), "'" + name + "' is not a valid name — use lower-case letters, digits, '.', '_' and '-'");
        }
        String output = top.text("output", name == null ? null : "runs/" + name);
        String dataRoot = top.text("data-root", FashionMnist.DEBIAN_ROOT);
        Path dataFolder = dataRoot == null ? null : folder(top.get("data-root"), dataRoot,
                "the data root: set data-root to the folder holding the datasets (Debian's fashion-mnist package installs "
                        + FashionMnist.DEBIAN_ROOT + ")");
        String cache = top.text("cache", null);
        Device device = device(top);
        Integer threads = top.count("threads", 1, Runtime.getRuntime().availableProcessors());
        List<Long> seeds = seeds(top);
        Path plugins = document.pluginsFolder();
        if (top.has("plugins") && top.text("plugins", null) != null && !Files.isDirectory(plugins)) {
            problems.at(top.get("plugins"), plugins + " is not a folder — create it or point plugins at the folder of plugin jars");
        }
        Map<String, EncoderSource> encoders = encoders(top);
        List<String> tasks = tasks(top);
        StudySpec.EvalSettings eval = eval(top);
        StudySpec.CkaSettings cka = cka(top, encoders);
        Boolean report = top.flag("report", true);
        problems.throwIfAny();
        return new StudySpec(name, document.file(), document.text(), resolve(output), dataFolder, cache == null ? null : resolve(cache), device, threads,
                seeds, plugins, encoders, tasks, eval, cka, report);
    }

    private Path resolve(String path) {
        return document.baseFolder().resolve(path).normalize();
    }

    private Path folder(SpecNode node, String path, String what) {
        Path resolved = resolve(path);
        if (!Files.isDirectory(resolved)) {
            problems.at(node == null ? document.root() : node, resolved + " is not a folder — " + what);
        }
        return resolved;
    }

    private Path file(SpecNode node, String path, String what) {
        Path resolved = resolve(path);
        if (!Files.isRegularFile(resolved)) {
            problems.at(node, resolved + " does not exist — " + what);
        }
        return resolved;
    }

    private Device device(MapReader top) {
        String text = top.text("device", "cpu");
        if (text == null) {
            return null;
        }
        try {
            return Device.parse(text);
        } catch (IllegalArgumentException e) {
            problems.at(top.get("device"), e.getMessage());
            return null;
        }
    }

    private List<Long> seeds(MapReader top) {
        SpecNode node = top.get("seeds");
        if (node == null) {
            return List.of(0L);
        }
        List<SpecNode> items = node instanceof SpecNode.ListNode list ? list.items() : List.of(node);
        if (items.isEmpty()) {
            problems.at(node, "lists no seed — give at least one, e.g. seeds: [0]");
        }
        Set<Long> seeds = new LinkedHashSet<>();
        for (SpecNode item : items) {
            if (item instanceof SpecNode.Scalar s && s.value() instanceof Long seed && seed >= 0) {
                if (!seeds.add(seed)) {
                    problems.at(item, "seed " + seed + " is listed twice");
                }
            } else {
                problems.at(item, "a seed is a whole number of 0 or more, got " + item.kindName());
            }
        }
        return List.copyOf(seeds);
    }

    private Map<String, EncoderSource> encoders(MapReader top) {
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
        String arch = fallback == null ? reader.requiredText("arch", "one of " + ARCHITECTURES) : reader.text("arch", fallback);
        if (arch != null && Arrays.stream(EncoderArchitecture.values()).noneMatch(a -> a.id().equals(arch))) {
            problems.at(reader.get("arch"), "unknown architecture '" + arch + "' — known: " + ARCHITECTURES);
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
        Path resolved = resolve(path);
        if (Files.isDirectory(resolved)) {
            if (!Files.isRegularFile(resolved.resolve("encoder.onnx")) || !Files.isRegularFile(resolved.resolve("encoder.json"))) {
                problems.at(reader.get("onnx"), resolved + " holds no encoder.onnx and encoder.json — name an encoder folder"
                        + " ('repbench export' or 'repbench import' writes one) or an .onnx file");
                return null;
            }
            return new EncoderSource.EncoderFolder(resolved);
        }
        return new EncoderSource.OnnxModel(file(reader.get("onnx"), path, "name an .onnx file or an encoder folder"));
    }

    private EncoderSource checkpoint(SpecNode node) {
        MapReader reader = MapReader.of(node, CHECKPOINT_FIELDS, problems);
        if (reader == null) {
            return null;
        }
        String path = reader.requiredText("file", "the torch.save checkpoint, relative to the spec file");
        Path file = path == null ? null : file(reader.get("file"), path, "check the checkpoint's path (relative to the spec file)");
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
        String dataset = reader.text("dataset", "fashion-mnist");
        String variant = reader.text("variant", "full");
        String arch = architecture(reader, EncoderArchitecture.RESNET18_SMALL.id());
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
            var defaults = algorithm == null ? java.util.Optional.<dev.repbench.api.pretrain.AlgorithmConfig>empty()
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

    private List<String> tasks(MapReader top) {
        if (!top.has("tasks")) {
            top.missing("tasks", "name tasks or groups, e.g. tasks: [battery]");
            return List.of();
        }
        List<String> selectors = top.texts("tasks", List.of());
        if (selectors == null) {
            return List.of();
        }
        SpecNode node = top.get("tasks");
        List<SpecNode> items = node instanceof SpecNode.ListNode list ? list.items() : List.of(node);
        Set<String> tasks = new LinkedHashSet<>();
        for (int i = 0; i < selectors.size(); i++) {
            String selector = selectors.get(i);
            var resolved = catalog.resolveTasks(selector);
            if (resolved.isEmpty()) {
                problems.at(items.get(i), "unknown task or group '" + selector + "' — groups: " + String.join(", ", catalog.groups())
                        + "; tasks: " + String.join(", ", catalog.tasks()));
            } else if (resolved.get().isEmpty()) {
                problems.at(items.get(i), "the group '" + selector + "' holds no task here");
            } else {
                tasks.addAll(resolved.get());
            }
        }
        if (selectors.isEmpty()) {
            problems.at(node, "lists no task — name at least one task or group");
        }
        return List.copyOf(tasks);
    }

    private StudySpec.EvalSettings eval(MapReader top) {
        if (!top.has("eval")) {
            return StudySpec.EvalSettings.DEFAULTS;
        }
        MapReader reader = MapReader.of(top.get("eval"), EVAL_FIELDS, problems);
        if (reader == null) {
            return null;
        }
        StudySpec.EvalSettings d = StudySpec.EvalSettings.DEFAULTS;
        Integer epochs = reader.count("epochs", 1, null);
        String mode = reader.text("metric-mode", d.metricMode());
        if (mode != null && !METRIC_MODES.contains(mode)) {
            problems.at(reader.get("metric-mode"), "'" + mode + "' is not one of " + String.join(", ", METRIC_MODES));
        }
        Double lr = reader.positive("lr", d.learningRate());
        Integer batch = reader.count("batch", 1, null);
        return lr == null ? null : new StudySpec.EvalSettings(epochs, mode, lr, batch);
    }

    private StudySpec.CkaSettings cka(MapReader top, Map<String, EncoderSource> encoders) {
        if (!top.has("cka")) {
            return null;
        }
        MapReader reader = MapReader.of(top.get("cka"), CKA_FIELDS, problems);
        if (reader == null) {
            return null;
        }
        List<String> names = reader.texts("encoders", List.copyOf(encoders.keySet()));
        if (names != null) {
            SpecNode node = reader.get("encoders");
            if (names.isEmpty()) {
                problems.at(node, "lists no encoder");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (String name : names) {
                if (!seen.add(name)) {
                    problems.at(node, "names '" + name + "' twice");
                } else if (!top.node().entries().containsKey("encoders") || !encoderNames(top).contains(name)) {
                    problems.at(node, "'" + name + "' is not one of the encoders (" + String.join(", ", encoderNames(top)) + ")");
                }
            }
        }
        Integer images = reader.count("images", 1, 10_000);
        Integer size = reader.count("size", 1, 112);
        Integer batch = reader.count("batch", 4, 32);
        List<String> outputs = reader.texts("outputs", StudySpec.CkaSettings.DEFAULT_OUTPUTS);
        if (images != null && batch != null && images < batch) {
            problems.at(reader.get("images"), images + " images is less than one batch of " + batch);
        }
        if (names == null || images == null || size == null || batch == null || outputs == null) {
            return null;
        }
        return new StudySpec.CkaSettings(names, images, size, batch, outputs);
    }

    private static Set<String> encoderNames(MapReader top) {
        return top.get("encoders") instanceof SpecNode.MapNode map ? map.entries().keySet() : Set.of();
    }
}
