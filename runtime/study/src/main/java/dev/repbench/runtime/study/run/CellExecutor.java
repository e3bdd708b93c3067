package dev.repbench.runtime.study.run;

import dev.repbench.runtime.study.cell.Cell;

/**
 * Runs one kind of cell to completion. It must leave its outputs complete or absent (write atomically, or into
 * files that are only trusted once the cell is recorded done) and may be called again for a cell whose earlier
 * attempt was killed.
 *
 * @param <C> the kind of cell
 */
@FunctionalInterface
public interface CellExecutor<C extends Cell> {

    /**
     * @param cell the cell
     * @return one line saying what it produced, shown by {@code repbench status}
     * @throws Exception if it failed; the runner records the error and continues with other cells
     */
    String execute(C cell) throws Exception;
}
