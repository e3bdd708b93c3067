package dev.repbench.runtime.plugin;

import dev.repbench.api.EndTask;
import dev.repbench.tasks.battery.Battery;
import dev.repbench.tasks.study.StudyTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Names that stand for several tasks wherever tasks are named (the command line, run specs): {@code battery} (the
 * embedded Fashion-MNIST battery), {@code study} (the ViRB study's tasks), {@code all}, and the study's axes {@code image-level}, {@code pixelwise},
 * {@code semantic}, {@code structural}. Groups are resolved against the tasks the registry found, plugins included.
 */
public final class TaskGroups {
    private static final Map<String, Predicate<EndTask>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put(Battery.GROUP, Battery::isMember);
        GROUPS.put(StudyTask.GROUP, task -> task instanceof StudyTask);
        GROUPS.put("all", task -> true);
        GROUPS.put("image-level", task -> !task.category().isPixelwise());
        GROUPS.put("pixelwise", task -> task.category().isPixelwise());
        GROUPS.put("semantic", task -> task.category().isSemantic());
        GROUPS.put("structural", task -> !task.category().isSemantic());
    }

    private TaskGroups() {
    }

    /** The group names. */
    public static List<String> names() {
        return List.copyOf(GROUPS.keySet());
    }

    /**
     * The tasks {@code name} stands for: a group's members in the registry's order, or the one task of that name.
     * Empty when the name is neither.
     */
    public static Optional<List<EndTask>> resolve(String name, PluginRegistry registry) {
        Predicate<EndTask> group = GROUPS.get(name);
        if (group == null) {
            return registry.task(name).map(t -> List.of(t.provider()));
        }
        List<EndTask> members = new ArrayList<>();
        for (LoadedProvider<EndTask> t : registry.tasks()) {
            if (group.test(t.provider())) {
                members.add(t.provider());
            }
        }
        return Optional.of(members);
    }

    /**
     * The tasks {@code names} stand for, as the command line names them ({@code --tasks battery,fmnist-count}):
     * each name stripped and {@link #resolve resolved}, in the order named, each task once however often it is named.
     *
     * @throws IllegalArgumentException naming the first name that is neither a task nor a group, and the groups
     */
    public static List<EndTask> resolveAll(List<String> names, PluginRegistry registry) {
        LinkedHashSet<EndTask> chosen = new LinkedHashSet<>();
        for (String name : names) {
            String stripped = name.strip();
            chosen.addAll(resolve(stripped, registry).orElseThrow(() -> new IllegalArgumentException("'" + stripped
                    + "' is neither a task nor a group (groups: " + String.join(", ", names()) + "); see 'repbench list"
                    + " tasks'")));
        }
        return List.copyOf(chosen);
    }
}
