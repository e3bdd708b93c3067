/**
 * The ViRB study's end tasks (twenty, plus ImageNet-v2 tested with ImageNet's head), one class per task over a
 * shared {@link dev.repbench.tasks.study.StudyTask}, each reading its public dataset from
 * {@code <data-root>/<folder>/} in the dataset's own published layout (ViRB's layout for the data it published:
 * THOR, nuScenes pairs, Kinetics frames, EgoHands masks, NYU walkable). {@code repbench tasks check --data-root DIR}
 * reports which are ready.
 *
 * <table>
 * <caption>Where the study and these readers differ</caption>
 * <tr><th>task</th><th>here</th><th>ViRB</th></tr>
 * <tr><td>cityscapes-seg</td><td>19 classes, void ignored</td><td>void as a 20th class</td></tr>
 * <tr><td>clevr-count</td><td>8 classes (3–10 objects)</td><td>11 outputs</td></tr>
 * <tr><td>sun397-cls</td><td>official partition 01</td><td>an unpublished 87,003-image split</td></tr>
 * <tr><td>kitti-flow</td><td>the 16-bit flow ground truth</td><td>the colour visualisation of it</td></tr>
 * <tr><td>pets-seg</td><td>background and pet, trimap border ignored</td><td>—</td></tr>
 * <tr><td>caltech101-cls, eurosat-cls, nyu-depth, taskonomy-depth</td><td>splits drawn with a fixed seed
 * ({@link dev.repbench.tasks.study.StudyTask#SPLIT_SEED}) at the study's sizes</td><td>their own unpublished splits</td></tr>
 * </table>
 * The study trained Cityscapes, EgoHands and KITTI heads on 513 × 513 crops and evaluated at full resolution; the
 * protocol here resizes every task to its input size (224 × 224).
 */
package dev.repbench.tasks.study;
