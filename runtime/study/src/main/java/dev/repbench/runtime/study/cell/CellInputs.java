package dev.repbench.runtime.study.cell;

import java.util.Optional;

/**
 * The version of the data a cell reads, so a cell done on other data runs again: an evaluation reads its task's
 * data, a CKA cell its images; and, for the report, the version of the code that builds it. Given by whoever knows
 * how to open the data (the study's executors); asked once per cell and run.
 */
@FunctionalInterface
public interface CellInputs {
    /** For cells that read no data that can change under them (and for tests of the runner alone). */
    CellInputs NONE = cell -> Optional.empty();

    /**
     * @param cell a cell
     * @return the manifest hash of the data it reads, or empty if it reads none whose version is tracked
     */
    Optional<String> dataManifest(Cell cell);

    /**
     * The version of the code that makes a cell's output, for cells a newer RepBench should make again though
     * nothing they read changed: the report, whose newer versions show more of the same records.
     *
     * @param cell a cell
     * @return the version of the code that makes its output now, or empty if a change of code does not redo it
     */
    default Optional<String> code(Cell cell) {
        return Optional.empty();
    }
}
