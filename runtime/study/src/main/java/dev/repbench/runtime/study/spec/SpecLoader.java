package dev.repbench.runtime.study.spec;

import dev.repbench.api.Device;
import dev.repbench.api.Precision;
import dev.repbench.api.Provider;
import dev.repbench.runtime.data.FashionMnistSplits;
import dev.repbench.runtime.eval.InputResolution;
import dev.repbench.tasks.metrics.MetricMode;
import java.nio.file.Files;
import java.nio.file.Path;
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
    static final List<String> TOP_FIELDS = List.of("name", "output", "data-root", "cache", "device", "threads", "precision", "seeds",
            "plugins", "encoders", "tasks", "eval", "cka", "report");
    static final List<String> EVAL_FIELDS = List.of("epochs", "metric-mode", "lr", "batch", "input-size");
    static final List<String> CKA_FIELDS = List.of("encoders", "images", "size", "batch", "outputs");

    private final SpecDocument document;
    private final Catalog catalog;
    private final Problems problems;
    private final SpecPaths paths;

    private SpecLoader(SpecDocument document, Catalog catalog) {
        this.document = document;
        this.catalog = catalog;
        this.problems = new Problems(document.file());
        this.paths = new SpecPaths(document.baseFolder(), problems);
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
        String dataRoot = top.text("data-root", FashionMnistSplits.DEBIAN_ROOT);
        Path dataFolder = dataRoot == null ? null : paths.folder(top.has("data-root") ? top.get("data-root") : top.node(), dataRoot,
                "the data root: set data-root to the folder holding the datasets (Debian's fashion-mnist package installs "
                        + FashionMnistSplits.DEBIAN_ROOT + ")");
        String cache = top.text("cache", null);
        Device device = device(top);
        Integer threads = top.count("threads", 1, Runtime.getRuntime().availableProcessors());
        Precision precision = precision(top);
        List<Long> seeds = seeds(top);
        Path plugins = document.pluginsFolder();
        if (top.has("plugins") && top.text("plugins", null) != null && !Files.isDirectory(plugins)) {
            problems.at(top.get("plugins"), plugins + " is not a folder — create it or point plugins at the folder of plugin jars");
        }
        Map<String, EncoderSource> encoders = new EncoderSourceReader(problems, catalog, paths).read(top);
        List<String> tasks = tasks(top);
        StudySpec.EvalSettings eval = eval(top);
        StudySpec.CkaSettings cka = cka(top);
        Boolean report = top.flag("report", true);
        problems.throwIfAny();
        return new StudySpec(name, document.file(), document.text(), paths.resolve(output), dataFolder,
                cache == null ? null : paths.resolve(cache), device, threads, precision,
                seeds, plugins, encoders, tasks, eval, cka, report);
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

    private Precision precision(MapReader top) {
        String text = top.text("precision", Precision.FP32.toString());
        if (text == null) {
            return Precision.FP32;
        }
        try {
            return Precision.parse(text);
        } catch (IllegalArgumentException e) {
            problems.at(top.get("precision"), e.getMessage());
            return Precision.FP32;
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
        Integer epochs = null;
        Map<String, Integer> epochsByTask = new LinkedHashMap<>();
        if (reader.get("epochs") instanceof SpecNode.MapNode byName) {
            epochsByTask = epochsByName(byName);
        } else {
            epochs = reader.count("epochs", 1, null);
        }
        String mode = reader.text("metric-mode", d.metricMode());
        if (mode != null) {
            try {
                MetricMode.parse(mode);
            } catch (IllegalArgumentException e) {
                problems.at(reader.get("metric-mode"), e.getMessage());
            }
        }
        Double lr = reader.positive("lr", d.learningRate());
        Integer batch = reader.count("batch", 1, null);
        InputResolution input = d.input();
        if (reader.has("input-size")) {
            SpecNode node = reader.get("input-size");
            try {
                input = InputResolution.parse(String.valueOf(node instanceof SpecNode.Scalar scalar ? scalar.value() : node));
            } catch (IllegalArgumentException e) {
                problems.at(node, e.getMessage());
            }
        }
        return lr == null ? null : new StudySpec.EvalSettings(epochs, epochsByTask, mode, lr, batch, input);
    }

    /**
     * {@code epochs: {pixelwise: 2, fmnist-flow: 5}}: epochs by group or task. Groups apply in the order written,
     * then tasks named directly, so a task's own entry wins.
     */
    private Map<String, Integer> epochsByName(SpecNode.MapNode node) {
        Map<String, Integer> byGroup = new LinkedHashMap<>();
        Map<String, Integer> byTask = new LinkedHashMap<>();
        for (Map.Entry<String, SpecNode> entry : node.entries().entrySet()) {
            SpecNode value = entry.getValue();
            if (!(value instanceof SpecNode.Scalar scalar && scalar.value() instanceof Long n && n >= 1 && n <= Integer.MAX_VALUE)) {
                problems.at(value, "must be a whole number of epochs, 1 or more, got " + value.kindName());
                continue;
            }
            String name = entry.getKey();
            var tasks = catalog.resolveTasks(name);
            if (tasks.isEmpty()) {
                problems.at(value, "'" + name + "' is neither a task nor a group — groups: " + String.join(", ", catalog.groups()));
                continue;
            }
            boolean isTask = catalog.tasks().contains(name);
            for (String task : tasks.get()) {
                (isTask ? byTask : byGroup).put(task, n.intValue());
            }
        }
        byGroup.putAll(byTask);
        return byGroup;
    }

    private StudySpec.CkaSettings cka(MapReader top) {
        if (!top.has("cka")) {
            return null;
        }
        MapReader reader = MapReader.of(top.get("cka"), CKA_FIELDS, problems);
        if (reader == null) {
            return null;
        }
        // the names as written, so an encoder whose source has a problem is not reported a second time here
        List<String> names = reader.texts("encoders", List.copyOf(encoderNames(top)));
        if (names != null && reader.has("encoders")) {
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
            problems.at(reader.has("images") ? reader.get("images") : reader.node(), images + " images is less than one batch of " + batch);
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
