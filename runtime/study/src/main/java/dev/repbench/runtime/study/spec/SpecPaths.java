package dev.repbench.runtime.study.spec;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths written in a spec: resolved against the spec file's folder, and checked to exist where the spec needs them.
 *
 * @param base     the spec file's folder
 * @param problems where a missing file or folder is reported
 */
record SpecPaths(Path base, Problems problems) {

    /** @return {@code path} resolved against the spec's folder */
    Path resolve(String path) {
        return base.resolve(path).normalize();
    }

    /** @return the resolved folder; a problem at {@code node} if it is not a folder ({@code what} says what it is for) */
    Path folder(SpecNode node, String path, String what) {
        Path resolved = resolve(path);
        if (!Files.isDirectory(resolved)) {
            problems.at(node, resolved + " is not a folder — " + what);
        }
        return resolved;
    }

    /** @return the resolved file; a problem at {@code node} if it does not exist */
    Path file(SpecNode node, String path, String what) {
        Path resolved = resolve(path);
        if (!Files.isRegularFile(resolved)) {
            problems.at(node, resolved + " does not exist — " + what);
        }
        return resolved;
    }
}
