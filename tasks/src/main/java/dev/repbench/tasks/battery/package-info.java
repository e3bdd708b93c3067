/**
 * The embedded task battery ({@link dev.repbench.tasks.battery.Battery}): synthetic end tasks drawn from
 * Fashion-MNIST garments on 64×64 RGB canvases, so the main job runs with no download. One task class per task,
 * all sharing {@link dev.repbench.tasks.battery.BatteryTask}'s deterministic, lazy, leak-free sample generation.
 *
 * <table>
 * <caption>The battery</caption>
 * <tr><th>task</th><th>category</th><th>head</th><th>metric</th><th>output</th><th>frames</th><th>train/test</th><th>epochs</th></tr>
 * <tr><td>fmnist-cls</td><td>semantic image-level</td><td>linear</td><td>top-1</td><td>10 classes</td><td>1</td><td>3000/1000</td><td>100</td></tr>
 * <tr><td>fmnist-count</td><td>structural image-level</td><td>linear</td><td>top-1</td><td>5 (1..5 garments)</td><td>1</td><td>2000/1000</td><td>100</td></tr>
 * <tr><td>fmnist-rotation</td><td>structural image-level</td><td>linear</td><td>top-1</td><td>4 quarter turns</td><td>1</td><td>2000/1000</td><td>100</td></tr>
 * <tr><td>fmnist-motion</td><td>structural image-level</td><td>multi-input fusion</td><td>top-1</td><td>5 camera actions</td><td>2</td><td>2000/1000</td><td>100</td></tr>
 * <tr><td>fmnist-seq6</td><td>semantic image-level</td><td>multi-input fusion</td><td>top-1</td><td>10 classes</td><td>6</td><td>1000/300</td><td>100</td></tr>
 * <tr><td>fmnist-seg</td><td>semantic pixelwise</td><td>DeepLabv3+</td><td>mIoU</td><td>11 (bg + 10)</td><td>1</td><td>600/400</td><td>10</td></tr>
 * <tr><td>fmnist-walkable</td><td>structural pixelwise</td><td>DeepLabv3+</td><td>mIoU</td><td>2</td><td>1</td><td>600/200</td><td>15</td></tr>
 * <tr><td>fmnist-depth</td><td>structural pixelwise</td><td>U-Net</td><td>−L1</td><td>1 value</td><td>1</td><td>600/200</td><td>15</td></tr>
 * <tr><td>fmnist-flow</td><td>structural pixelwise</td><td>Siamese U-Net</td><td>1 − Fl-all</td><td>2 values</td><td>2</td><td>400/150</td><td>40</td></tr>
 * </table>
 *
 * <p><b>Sizes</b>, for about ten minutes per ResNet-18 on two CPU cores. Measured on a two-core machine with
 * libtorch (OpenBLAS): a ResNet-18 forward pass at 64×64 costs about 15 ms per image, and one training step
 * per sample (batch 32, block pyramid of a ResNet-18 at 64×64) about 19 ms for DeepLabv3+, 3 ms for the U-Net
 * and 4.5 ms for the Siamese U-Net; linear and fusion heads on 512-d embeddings cost next to nothing.
 * <ul>
 * <li>Frozen features: 21,400 images for the image-level tasks and 3,500 for the pixelwise ones, about
 *     25,000 passes or 6 minutes at that speed (less on ONNX Runtime).</li>
 * <li>Pixelwise heads: 6,000 DeepLab sample-steps for segmentation and 9,000 for walkable (~2 and ~3 minutes), 9,000 U-Net and
 *     16,000 Siamese U-Net sample-steps (~30 s and ~1 min). DeepLab's decoder at stride 4 dominates, hence its tasks'
 *     10 and 15 epochs. A cached ResNet-18 pyramid is about 380 KB per image in float32, 300–420 MB per task.</li>
 * <li>Accuracy of the estimates: 1,000 test samples give an image-level top-1 to about ±1.6 points (one
 *     standard error at 50 %); a pixelwise test sample carries 4,096 labelled pixels, so 150–200 suffice.</li>
 * </ul>
 * A run spec can raise epochs for a closer study; the sizes are part of each task's manifest.
 */
package dev.repbench.tasks.battery;
