/**
 * A study's cells: {@link dev.repbench.runtime.study.cell.CellPlan} expands a validated spec into cells with stable
 * ids and dependencies, {@link dev.repbench.runtime.study.cell.StudyLayout} says where each writes, and
 * {@link dev.repbench.runtime.study.cell.CellLedger} keeps each cell's state as atomically written JSON files
 * plus a {@link dev.repbench.runtime.study.cell.Lease} held while a process runs it, so several processes can
 * share one output folder and a killed one leaves nothing half-done.
 */
package dev.repbench.runtime.study.cell;
