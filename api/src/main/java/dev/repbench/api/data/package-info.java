/**
 * Samples and datasets as plain Java values, so a task or algorithm can hand RepBench its data
 * without any tensor library.
 *
 * <p>An {@link dev.repbench.api.data.Image} is float CHW in [0, 1] before normalisation; a
 * {@link dev.repbench.api.data.Sample} is one or more frames of equal size and one
 * {@link dev.repbench.api.data.Target}. Dense targets use one convention for "no ground truth
 * here": an ignore index for label maps, NaN for real-valued maps.
 *
 * <p>Arrays given to these records are not copied (images are large and there are many); the
 * creator hands them over and must not change them afterwards, and readers must not change them.
 */
package dev.repbench.api.data;
