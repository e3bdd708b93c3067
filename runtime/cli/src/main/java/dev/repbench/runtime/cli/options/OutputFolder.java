package dev.repbench.runtime.cli.options;

import dev.repbench.runtime.cli.CliFailure;
import dev.repbench.runtime.io.FileProblems;
import java.nio.file.Path;

/** A command's output folder, checked before its work starts (see {@link FileProblems#requireWritableFolder}). */
public final class OutputFolder {
    private OutputFolder() {
    }

    /**
     * @param folder the folder given with {@code option}
     * @param option e.g. {@code --out}
     * @throws CliFailure naming the path and the fix when the folder is a file or cannot be written into
     */
    public static void requireWritable(Path folder, String option) {
        try {
            FileProblems.requireWritableFolder(folder, option);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }
}
