package dev.repbench.api.task;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A task's data is missing or not in the layout the task reads. The message always names the
 * path that was looked at and the layout expected there, so the user can fix it without reading
 * the task's code, e.g. "no nyu_depth_v2_labeled.mat: /data/nyu — expected &lt;data-root&gt;/nyu/nyu_depth_v2_labeled.mat
 * (the official labelled NYU Depth v2 file)".
 */
public class TaskDataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final String expectedLayout;

    /**
     * @param path           the file or folder that was looked at
     * @param problem        what is wrong, e.g. "no such folder"
     * @param expectedLayout what should be there
     */
    public TaskDataException(Path path, String problem, String expectedLayout) {
        this(path, problem, expectedLayout, null);
    }

    /**
     * @param path           the file or folder that was looked at
     * @param problem        what is wrong, e.g. "cannot read the label file"
     * @param expectedLayout what should be there
     * @param cause          the underlying failure, may be null
     */
    public TaskDataException(Path path, String problem, String expectedLayout, Throwable cause) {
        super(Objects.requireNonNull(problem, "problem") + ": " + Objects.requireNonNull(path, "path")
                + " — expected " + Objects.requireNonNull(expectedLayout, "expectedLayout"), cause);
        this.path = path;
        this.expectedLayout = expectedLayout;
    }

    /** @return the file or folder that was looked at */
    public Path path() {
        return path;
    }

    /** @return the layout the task expects there */
    public String expectedLayout() {
        return expectedLayout;
    }
}
