/**
 * The embedded task battery ({@link dev.repbench.tasks.battery.Battery}): synthetic end tasks drawn from
 * Fashion-MNIST garments on 64×64 RGB canvases, so the main job runs with no download. One task class per task,
 * all sharing {@link dev.repbench.tasks.battery.BatteryTask}'s deterministic, lazy, leak-free sample generation.
 *
 * <table>
 * <caption>The battery</caption>
 * <tr><th>task</th><th>category</th><th>head</th><th>metric</th><th>output</th><th>frames</th><th>train/test</th></tr>
 * <tr><td>fmnist-cls</td><td>semantic image-level</td><td>linear</td><td>top-1</td><td>10 classes</td><td>1</td><td>4000/1000</td></tr>
 * <tr><td>fmnist-count</td><td>structural image-level</td><td>linear</td><td>top-1</td><td>5 (1..5 garments)</td><td>1</td><td>3000/1000</td></tr>
 * <tr><td>fmnist-rotation</td><td>structural image-level</td><td>linear</td><td>top-1</td><td>4 quarter turns</td><td>1</td><td>3000/1000</td></tr>
 * <tr><td>fmnist-motion</td><td>structural image-level</td><td>multi-input fusion</td><td>top-1</td><td>8 directions</td><td>2</td><td>3000/1000</td></tr>
 * <tr><td>fmnist-seq6</td><td>semantic image-level</td><td>multi-input fusion</td><td>top-1</td><td>10 classes</td><td>6</td><td>1000/400</td></tr>
 * <tr><td>fmnist-seg</td><td>semantic pixelwise</td><td>DeepLabv3+</td><td>mIoU</td><td>11 (bg + 10)</td><td>1</td><td>1000/250</td></tr>
 * <tr><td>fmnist-walkable</td><td>structural pixelwise</td><td>DeepLabv3+</td><td>mIoU</td><td>2</td><td>1</td><td>1000/250</td></tr>
 * <tr><td>fmnist-depth</td><td>structural pixelwise</td><td>U-Net</td><td>−L1</td><td>1 value</td><td>1</td><td>1000/250</td></tr>
 * <tr><td>fmnist-flow</td><td>structural pixelwise</td><td>Siamese U-Net</td><td>1 − Fl-all</td><td>2 values</td><td>2</td><td>600/200</td></tr>
 * </table>
 *
 * <p><b>Sizes.</b> Chosen so that one ResNet-18 on the whole battery takes about ten minutes on two cores: about
 * 36,000 encoder passes at 64×64 in all (image-level tasks have 1,000 test samples so a top-1 is known to about
 * ±1.5 points; pixelwise tasks have fewer samples because each carries 4,096 labelled pixels, and because their
 * heads and cached block pyramids cost far more per sample).
 */
package dev.repbench.tasks.battery;
