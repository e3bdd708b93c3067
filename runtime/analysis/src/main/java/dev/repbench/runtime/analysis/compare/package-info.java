/**
 * The study's comparisons of encoders over evaluated scores (PAPER.md, Section 5 and Appendix G): every task
 * against a reference task (Fig. 4), best self-supervised vs supervised (Fig. 3), one algorithm minus another
 * (Fig. 5), category-normalised scores (Fig. 6), pretraining dataset vs task (Fig. 7) and run-to-run spread over
 * seeds. The supervised baseline is the study's one supervised encoder, or with one per pretraining dataset the one
 * of an encoder's own dataset ({@link dev.repbench.runtime.analysis.compare.SupervisedReference}). Pure functions over
 * a {@link dev.repbench.runtime.analysis.compare.ResultTable}; a comparison the data
 * cannot support (no supervised encoder, missing cells, a constant task) is refused with a message naming the
 * encoders and tasks involved, never computed on a silently reduced table.
 */
package dev.repbench.runtime.analysis.compare;
