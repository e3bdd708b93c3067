package dev.repbench.tasks.heads;

import dev.repbench.torch.nn.Module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Modules held under the names {@code 0}, {@code 1}, … (PyTorch's {@code nn.ModuleList}), with no forward of their own. */
final class ModuleList<M extends Module> extends Module {
    private final List<M> modules = new ArrayList<>();

    ModuleList(List<M> modules) {
        for (M module : modules) {
            registerModule(Integer.toString(this.modules.size()), module);
            this.modules.add(module);
        }
    }

    M get(int index) {
        return modules.get(index);
    }

    int size() {
        return modules.size();
    }

    List<M> asList() {
        return Collections.unmodifiableList(modules);
    }
}
