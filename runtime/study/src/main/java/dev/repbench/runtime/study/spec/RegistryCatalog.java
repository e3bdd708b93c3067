package dev.repbench.runtime.study.spec;

import dev.repbench.api.EndTask;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.runtime.plugin.LoadedProvider;
import dev.repbench.runtime.plugin.PluginRegistry;
import dev.repbench.runtime.plugin.TaskGroups;
import java.util.List;
import java.util.Optional;

/**
 * The plugin registry as a {@link Catalog}.
 *
 * @param registry the loaded registry; the caller closes it
 */
public record RegistryCatalog(PluginRegistry registry) implements Catalog {

    @Override
    public List<String> algorithms() {
        return registry.algorithms().stream().map(LoadedProvider::name).toList();
    }

    @Override
    public Optional<AlgorithmConfig> defaultConfig(String algorithm) {
        return registry.algorithm(algorithm).map(a -> a.provider().defaultConfig());
    }

    @Override
    public List<String> tasks() {
        return registry.tasks().stream().map(LoadedProvider::name).toList();
    }

    @Override
    public Optional<List<String>> resolveTasks(String nameOrGroup) {
        return TaskGroups.resolve(nameOrGroup, registry).map(tasks -> tasks.stream().map(EndTask::name).toList());
    }

    @Override
    public List<String> groups() {
        return TaskGroups.names();
    }
}
