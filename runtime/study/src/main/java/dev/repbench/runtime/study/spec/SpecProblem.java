package dev.repbench.runtime.study.spec;

import java.nio.file.Path;

/**
 * One thing wrong with a spec file.
 *
 * @param file     the spec file
 * @param location where in it, or {@code null} for the file as a whole
 * @param path     the field path, {@code ""} for the root
 * @param message  what is wrong and how to fix it
 */
public record SpecProblem(Path file, SpecNode.Location location, String path, String message) {

    /** @return {@code FILE:LINE:COLUMN: PATH: MESSAGE}, the form editors jump to */
    @Override
    public String toString() {
        String where = location == null ? "" : ":" + location.line() + ":" + location.column();
        return file + where + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
