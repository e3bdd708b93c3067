package dev.repbench.runtime.study.spec;

import dev.repbench.api.pretrain.AlgorithmConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A catalog with chosen algorithms (and optionally their defaults) and tasks, and one group holding them all. */
public final class FakeCatalog implements Catalog {
    /** The group standing for every task. */
    public static final String GROUP = "everything";

    private final Map<String, AlgorithmConfig> algorithms = new LinkedHashMap<>();
    private final List<String> tasks = new ArrayList<>();

    /** Adds an algorithm whose overrides are not checked. */
    public FakeCatalog algorithm(String name) {
        algorithms.put(name, null);
        return this;
    }

    /** Adds an algorithm with these defaults. */
    public FakeCatalog algorithm(String name, Map<String, Object> defaults) {
        algorithms.put(name, new AlgorithmConfig(defaults));
        return this;
    }

    /** Adds tasks. */
    public FakeCatalog tasks(String... names) {
        tasks.addAll(List.of(names));
        return this;
    }

    @Override
    public List<String> algorithms() {
        return List.copyOf(algorithms.keySet());
    }

    @Override
    public Optional<AlgorithmConfig> defaultConfig(String algorithm) {
        return Optional.ofNullable(algorithms.get(algorithm));
    }

    @Override
    public List<String> tasks() {
        return List.copyOf(tasks);
    }

    @Override
    public Optional<List<String>> resolveTasks(String nameOrGroup) {
        if (nameOrGroup.equals(GROUP)) {
            return Optional.of(List.copyOf(tasks));
        }
        return tasks.contains(nameOrGroup) ? Optional.of(List.of(nameOrGroup)) : Optional.empty();
    }

    @Override
    public List<String> groups() {
        return List.of(GROUP);
    }
}
