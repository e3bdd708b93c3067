package dev.repbench.runtime.study.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one spec file, each pinned to a node. */
final class Problems {
    private final Path file;
    private final List<SpecProblem> list = new ArrayList<>();

    Problems(Path file) {
        this.file = file;
    }

    /** Adds a problem at {@code node} ({@code null}: the file as a whole). */
    void at(SpecNode node, String message) {
        list.add(node == null ? new SpecProblem(file, null, "", message)
                : new SpecProblem(file, node.location(), node.path(), message));
    }

    /** Adds a problem at a location with a path (e.g. a key's). */
    void at(SpecNode.Location location, String path, String message) {
        list.add(new SpecProblem(file, location, path, message));
    }

    void addAll(List<SpecProblem> problems) {
        list.addAll(problems);
    }

    int size() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** @throws SpecException holding every problem in file order, if any */
    void throwIfAny() {
        if (!list.isEmpty()) {
            List<SpecProblem> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingInt((SpecProblem p) -> p.location() == null ? 0 : p.location().line())
                    .thenComparingInt(p -> p.location() == null ? 0 : p.location().column()));
            throw new SpecException(sorted);
        }
    }
}
