/**
 * The loading side of feature extraction: {@link dev.repbench.runtime.features.pipeline.Preprocessor} turns an
 * {@link dev.repbench.api.data.Image} into the encoder's input (resize with
 * {@link dev.repbench.runtime.features.pipeline.BilinearResize}, scale, normalise, pack), and
 * {@link dev.repbench.runtime.features.pipeline.BatchPipeline} does it on worker threads into one input buffer while
 * ONNX Runtime runs the previous one (double buffering), handing the outputs on in sample order.
 */
package dev.repbench.runtime.features.pipeline;
