package dev.repbench.runtime.encoder;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.runtime.version.BuildInfo;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.CheckpointLayout;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.onnx.ExportOptions;
import dev.repbench.torch.onnx.OnnxExporter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * The one way RepBench turns ResNet weights into an encoder folder: build the architecture, fill it strictly from a
 * checkpoint (or leave the caller's initialisation), and write {@code encoder.onnx} + {@code encoder.json} with the
 * provenance. Used by {@code repbench export} and by pretraining runs.
 */
public final class EncoderExport {
    /** The architectures by id, each built with a classifier of the given classes (0: none). */
    public static final Map<String, LongFunction<ResNet>> ARCHITECTURES = Map.of(
            "resnet18", ResNet::resnet18,
            "resnet50", ResNet::resnet50,
            "resnet18-small", ResNet::resnet18Small);

    /** The input side of the small-image variant, which is built for 32 × 32 images. */
    public static final int SMALL_INPUT_SIDE = 32;

    private EncoderExport() {
    }

    /**
     * What the exported encoder records about where it came from; null fields are recorded as unknown.
     *
     * @param algorithm              the pretraining algorithm, {@code random-init}, or null
     * @param dataset                the pretraining dataset (with its variant) or null
     * @param datasetManifestSha256  the training set's manifest hash, or null
     * @param epochs                 pretraining epochs, or null
     * @param seed                   the run's seed, or null
     * @param checkpointSha256       the hash of the checkpoint the weights came from, or null
     * @param inputHeight            the image height the encoder expects
     * @param inputWidth             the image width the encoder expects
     * @param extraMetadata          further facts stored in the ONNX model's metadata, under {@code repbench.}
     */
    public record Facts(String algorithm, String dataset, String datasetManifestSha256, Integer epochs, Long seed,
                        String checkpointSha256, int inputHeight, int inputWidth, Map<String, String> extraMetadata) {
        public Facts {
            if (inputHeight < 1 || inputWidth < 1) {
                throw new IllegalArgumentException("input size must be 1 or more, got " + inputHeight + "x" + inputWidth);
            }
            extraMetadata = Map.copyOf(extraMetadata);
        }
    }

    /**
     * @param architecture an id of {@link #ARCHITECTURES}
     * @param classes      classifier classes to keep, 0 for none
     * @return the network, initialised as torchvision does from libtorch's current seed
     * @throws IllegalArgumentException listing the known ids
     */
    public static ResNet build(String architecture, long classes) {
        LongFunction<ResNet> factory = ARCHITECTURES.get(Objects.requireNonNull(architecture, "architecture"));
        if (factory == null) {
            throw new IllegalArgumentException("architecture '" + architecture + "' is not one of "
                    + String.join(", ", new TreeMap<>(ARCHITECTURES).keySet()));
        }
        return factory.apply(classes);
    }

    /** @return the image side an architecture expects when nothing says otherwise */
    public static int defaultInputSide(String architecture) {
        return architecture.equals("resnet18-small") ? SMALL_INPUT_SIDE : EncoderFiles.DEFAULT_INPUT_SIZE;
    }

    /**
     * Fills {@code net} from the checkpoint; every tensor the layout selects must match a parameter or buffer.
     *
     * @return what was selected, for messages
     * @throws dev.repbench.torch.nn.StateDictMismatchException if keys are missing or unexpected
     * @throws dev.repbench.torch.io.CheckpointException         if the file is not a readable checkpoint
     */
    public static CheckpointLayout.Selection load(ResNet net, Path checkpoint, CheckpointLayout layout) {
        return Checkpoints.loadInto(net, checkpoint, layout);
    }

    /**
     * Exports {@code net} (put in eval mode) to {@code folder}.
     *
     * @param withLogits whether the model also outputs the classifier's logits
     * @return the descriptor as written
     * @throws dev.repbench.torch.onnx.OnnxExportException if the network cannot be exported
     * @throws EncoderFileException                         if the files cannot be written
     */
    public static EncoderDescriptor write(ResNet net, Path folder, Facts facts, boolean withLogits) {
        net.eval();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("repbench.architecture", net.architecture());
        metadata.put("repbench.algorithm", facts.algorithm() == null ? "unknown" : facts.algorithm());
        new TreeMap<>(facts.extraMetadata()).forEach((k, v) -> metadata.put("repbench." + k, v));
        ModelProto model = new OnnxExporter().export(net, new ExportOptions(withLogits, BuildInfo.version(), metadata));
        EncoderDescriptor.Provenance provenance = new EncoderDescriptor.Provenance(facts.algorithm(), facts.dataset(),
                facts.datasetManifestSha256(), facts.epochs(), facts.seed(), facts.checkpointSha256(), BuildInfo.version(),
                Torch.version(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), null);
        EncoderDescriptor descriptor = new EncoderDescriptor(EncoderDescriptor.FORMAT_VERSION, net.architecture(),
                EncoderDescriptor.Preprocessing.imagenet(facts.inputHeight(), facts.inputWidth()),
                EncoderDescriptor.outputsOf(model), provenance);
        return EncoderFiles.write(folder, model, descriptor);
    }
}
