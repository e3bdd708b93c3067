/**
 * What a pretraining algorithm is given ({@link dev.repbench.api.pretrain.PretrainingContext},
 * {@link dev.repbench.api.pretrain.AlgorithmConfig}) and what it hands back
 * ({@link dev.repbench.api.pretrain.TrainedEncoder}: an architecture id and a checkpoint file,
 * never a tensor). RepBench exports the checkpoint to ONNX itself.
 */
package dev.repbench.api.pretrain;
