package dev.repbench.runtime.study.spec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Where one of a study's encoders comes from: exactly one of these per entry under {@code encoders}. */
public sealed interface EncoderSource {

    /**
     * A seeded random initialisation ({@code random-init:}), exported by an {@code export/NAME} cell.
     *
     * @param architecture an {@link dev.repbench.api.pretrain.EncoderArchitecture} id
     * @param seed         the initialisation's seed
     */
    record RandomInit(String architecture, long seed) implements EncoderSource {
    }

    /**
     * A ready encoder folder ({@code onnx:} naming a folder with {@code encoder.onnx} and {@code encoder.json}):
     * no cell, used as is.
     *
     * @param folder the folder
     */
    record EncoderFolder(Path folder) implements EncoderSource {
    }

    /**
     * An ONNX model from elsewhere ({@code onnx:} naming a file), completed by an {@code import/NAME} cell.
     *
     * @param file the {@code .onnx} file
     */
    record OnnxModel(Path file) implements EncoderSource {
    }

    /**
     * A {@code torch.save} checkpoint ({@code checkpoint:}), loaded strictly and exported by an {@code import/NAME} cell.
     *
     * @param file         the checkpoint
     * @param architecture the architecture it holds
     * @param layout       where the encoder sits in it ({@code auto}, {@code moco}, …)
     */
    record Checkpoint(Path file, String architecture, String layout) implements EncoderSource {
    }

    /**
     * A pretraining run ({@code pretrain:}), a {@code pretrain/NAME} cell.
     *
     * @param algorithm             a registered algorithm's name
     * @param dataset               the training images
     * @param variant               the dataset variant
     * @param architecture          the architecture
     * @param epochs                epochs, 1 or more
     * @param seed                  the run's seed
     * @param overrides             config values replacing the algorithm's defaults
     * @param checkpointEveryEpochs epochs between checkpoints
     * @param checkpointEverySteps  steps between checkpoints inside an epoch, 0 for none
     */
    record Pretrain(String algorithm, String dataset, String variant, String architecture, int epochs, long seed,
                    Map<String, Object> overrides, int checkpointEveryEpochs, long checkpointEverySteps)
            implements EncoderSource {
        public Pretrain {
            overrides = Collections.unmodifiableMap(new TreeMap<>(overrides)); // sorted: a stable toString
        }
    }
}
