package dev.repbench.runtime.study.run;

import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellInputs;

/**
 * One executor per kind of cell, and the version of the data each cell reads.
 *
 * @param pretrain pretraining runs
 * @param export   random-initialisation exports
 * @param imports  ONNX and checkpoint imports
 * @param eval     task evaluations
 * @param cka      CKA matrices
 * @param report   the report
 * @param inputs   the data version each cell reads, so a cell done on other data runs again
 */
public record CellExecutors(CellExecutor<Cell.Pretrain> pretrain, CellExecutor<Cell.Export> export,
                            CellExecutor<Cell.Import> imports, CellExecutor<Cell.Eval> eval,
                            CellExecutor<Cell.Cka> cka, CellExecutor<Cell.Report> report, CellInputs inputs) {

    /** Runs {@code cell} with the executor of its kind. */
    String execute(Cell cell) throws Exception {
        return switch (cell) {
            case Cell.Pretrain c -> pretrain.execute(c);
            case Cell.Export c -> export.execute(c);
            case Cell.Import c -> imports.execute(c);
            case Cell.Eval c -> eval.execute(c);
            case Cell.Cka c -> cka.execute(c);
            case Cell.Report c -> report.execute(c);
        };
    }
}
