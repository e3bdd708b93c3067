package dev.repbench.runtime.study.spec;

import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import dev.repbench.api.pretrain.AlgorithmConfig;
import java.util.List;
import java.util.Optional;

/** The algorithms, tasks and architectures a spec may name: normally the plugin registry ({@link RegistryCatalog}). */
public interface Catalog {

    /** @return every algorithm name, for messages */
    List<String> algorithms();

    /**
     * @param algorithm an algorithm name from {@link #algorithms()}
     * @return its default config, to check a spec's {@code set:} overrides against; empty to accept any
     */
    Optional<AlgorithmConfig> defaultConfig(String algorithm);

    /** @return every task name, for messages */
    List<String> tasks();

    /**
     * @param nameOrGroup a task name or a group ({@code battery}, {@code all}, …)
     * @return the task names it stands for; empty if it is neither
     */
    Optional<List<String>> resolveTasks(String nameOrGroup);

    /** @return the group names, for messages */
    List<String> groups();

    /** @return every architecture name: the process's architecture registry (built-ins and plugins' ones) */
    default List<String> architectures() {
        return ArchitectureRegistry.installed().names();
    }
}
