/**
 * The pixelwise protocol: the encoder's block pyramids from the feature cache (memory-mapped float16), dense targets
 * at the encoder's input size, and the U-Net, Siamese U-Net or DeepLabv3+ head trained on them; mIoU, −L1 or
 * 1 − Fl-all after every epoch. The encoder ran once in ONNX Runtime to fill the cache, so it cannot drift.
 */
package dev.repbench.runtime.eval.pixelwise;
