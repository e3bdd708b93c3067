package dev.repbench.runtime.encoder;

import dev.repbench.api.Device;
import dev.repbench.runtime.io.Sha256;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.repbench.runtime.version.BuildInfo;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.CheckpointException;
import dev.repbench.torch.io.CheckpointLayout;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.Backbone;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import dev.repbench.torch.nn.StateDictMismatchException;
import dev.repbench.torch.onnx.OnnxExportException;
import java.io.IOException;
import dev.repbench.torch.onnx.ExportOptions;
import dev.repbench.torch.onnx.OnnxExporter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The one way RepBench turns an architecture's weights into an encoder folder: build it from the registry, fill it strictly from a
 * checkpoint (or a seeded random initialisation), and write {@code encoder.onnx} + {@code encoder.json} with the
 * provenance. {@link #export(Request)} is what {@code repbench export} and a study's export and checkpoint cells
 * call; pretraining runs use {@link #build}, {@link #load} and {@link #write} on their trained weights.
 */
public final class EncoderExport {
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
     * @param processor              the processor model that trained the weights, or null when they were not trained
     *                               here; in encoder.json only, not in the ONNX file, whose hash is the encoder's
     *                               identity and must not change with the machine when the weights do not
     */
    public record Facts(String algorithm, String dataset, String datasetManifestSha256, Integer epochs, Long seed,
                        String checkpointSha256, int inputHeight, int inputWidth, Map<String, String> extraMetadata,
                        String processor) {
        public Facts {
            if (inputHeight < 1 || inputWidth < 1) {
                throw new IllegalArgumentException("input size must be 1 or more, got " + inputHeight + "x" + inputWidth);
            }
            extraMetadata = Map.copyOf(extraMetadata);
        }
    }

    /** Where an exported encoder's weights come from. */
    public sealed interface Weights {
        /** torchvision's random initialisation from a seeded libtorch: the study's baseline. */
        record RandomInit(long seed) implements Weights {
        }

        /**
         * A {@code torch.save} checkpoint, loaded strictly: every tensor the layout selects must match.
         *
         * @param file   the checkpoint
         * @param layout where the encoder sits in it, or null to detect it from the keys ({@code auto})
         */
        record Checkpoint(Path file, CheckpointLayout layout) implements Weights {
            public Checkpoint {
                Objects.requireNonNull(file, "file");
            }
        }
    }

    /**
     * One export.
     *
     * @param architecture a name in the {@link ArchitectureRegistry}
     * @param weights      random initialisation or a checkpoint
     * @param classes      classifier classes to keep (and export logits of), 0 for none
     * @param inputHeight  the image height the encoder was trained at, or 0 for the architecture's default
     * @param inputWidth   the image width, or 0 for the default
     * @param algorithm    the pretraining algorithm to record, or null ({@code random-init} or {@code unknown})
     * @param dataset      the pretraining dataset to record, or null
     * @param epochs       pretraining epochs to record, or null (0 for a random initialisation)
     * @param seed         the training run's seed to record with a checkpoint, or null
     * @param out          the folder to write to
     */
    public record Request(String architecture, Weights weights, long classes, int inputHeight, int inputWidth,
                         String algorithm, String dataset, Integer epochs, Long seed, Path out) {
        public Request {
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(out, "out");
            if (classes < 0 || inputHeight < 0 || inputWidth < 0) {
                throw new IllegalArgumentException("classes and input size are 0 or more");
            }
        }

        /** A seeded random initialisation of {@code architecture} at its default input size, nothing else recorded. */
        public static Request randomInit(String architecture, long seed, Path out) {
            return new Request(architecture, new Weights.RandomInit(seed), 0, 0, 0, null, null, null, null, out);
        }
    }

    /**
     * What an export wrote.
     *
     * @param descriptor the {@code encoder.json} written
     * @param selection  how the checkpoint was read (layout, tensors ignored, heads dropped), or null for a random
     *                   initialisation
     * @param parity     the written file against the network's forward, or null when no check was asked for
     */
    public record Result(EncoderDescriptor descriptor, CheckpointLayout.Selection selection, ExportParity.Report parity) {
    }

    /**
     * A parity check after the export ({@link ExportParity}).
     *
     * @param device  where libtorch runs the reference forward
     * @param images  seeded images compared
     * @param threads ONNX Runtime's intra-op threads
     */
    public record ParityCheck(Device device, int images, int threads) {
        public ParityCheck {
            Objects.requireNonNull(device, "device");
        }
    }

    /**
     * Builds the architecture, fills it as {@code request} says and writes the encoder folder.
     *
     * @throws IllegalArgumentException if the architecture is unknown (listing the known names)
     * @throws EncoderFileException     naming the file and the fix, when the checkpoint cannot be read or does not
     *                                  match the architecture, or the folder cannot be written
     */
    public static Result export(Request request) {
        return export(request, null);
    }

    /**
     * {@link #export(Request)}, then, unless {@code parity} is null, the written file checked against the network's
     * forward on a device ({@link ExportParity#check}); the files are kept whatever the check finds.
     */
    public static Result export(Request request, ParityCheck parity) {
        int defaultSide = defaultInputSide(request.architecture());
        int height = request.inputHeight() > 0 ? request.inputHeight() : defaultSide;
        int width = request.inputWidth() > 0 ? request.inputWidth() : defaultSide;
        boolean randomInit = request.weights() instanceof Weights.RandomInit;
        if (request.weights() instanceof Weights.RandomInit(long initSeed)) {
            Torch.manualSeed(initSeed);
        }
        try (Backbone net = build(request.architecture(), request.classes())) {
            CheckpointLayout.Selection selection = null;
            String checkpointSha256 = null;
            if (request.weights() instanceof Weights.Checkpoint(Path file, CheckpointLayout layout)) {
                selection = loadStrictly(net, file, layout);
                checkpointSha256 = sha256(file);
            }
            String algorithm = request.algorithm() != null ? request.algorithm() : randomInit ? "random-init" : "unknown";
            Long seed = randomInit ? Long.valueOf(((Weights.RandomInit) request.weights()).seed()) : request.seed();
            Integer epochs = randomInit && request.epochs() == null ? Integer.valueOf(0) : request.epochs();
            Facts facts = new Facts(algorithm, request.dataset(), null, epochs, seed, checkpointSha256, height, width,
                    Map.of(), null);
            EncoderDescriptor written = write(net, request.out(), facts, request.classes() > 0);
            ExportParity.Report report = parity == null ? null : ExportParity.check(net, EncoderFiles.read(request.out()),
                    parity.device(), parity.images(), 0, parity.threads());
            return new Result(written, selection, report);
        } catch (OnnxExportException e) {
            throw new EncoderFileException(e.getMessage(), e);
        }
    }

    private static CheckpointLayout.Selection loadStrictly(Backbone net, Path file, CheckpointLayout layout) {
        try {
            return load(net, file, layout);
        } catch (StateDictMismatchException e) {
            // The message lists missing and unexpected keys on lines of their own; keep them apart on one line.
            String listing = e.getMessage().strip().replaceAll("\\s*\\R\\s*", "; ");
            throw new EncoderFileException(listing + " — for repbench export: --layout picks where the encoder sits,"
                    + " --strip-prefix PREFIX a custom prefix, --classes N keeps a classifier's fc.weight and fc.bias,"
                    + " --arch picks the architecture", e);
        } catch (CheckpointException e) {
            throw new EncoderFileException(e.getMessage(), e);
        }
    }

    private static String sha256(Path file) {
        try {
            return Sha256.ofFile(file);
        } catch (IOException e) {
            throw new EncoderFileException("cannot read the checkpoint " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param architecture a name in the {@link ArchitectureRegistry#installed() installed registry}
     * @param classes      classifier classes to keep, 0 for none
     * @return the network, initialised as torchvision does from libtorch's current seed
     * @throws IllegalArgumentException listing the known names
     */
    public static Backbone build(String architecture, long classes) {
        return ArchitectureRegistry.installed().get(Objects.requireNonNull(architecture, "architecture")).build(classes);
    }

    /** @return the image side an architecture expects when nothing says otherwise */
    public static int defaultInputSide(String architecture) {
        return ArchitectureRegistry.installed().get(architecture).layout().defaultInputSide();
    }

    /**
     * Fills {@code net} from the checkpoint; every tensor the layout selects must match a parameter or buffer.
     *
     * @return what was selected, for messages
     * @throws dev.repbench.torch.nn.StateDictMismatchException if keys are missing or unexpected
     * @throws dev.repbench.torch.io.CheckpointException         if the file is not a readable checkpoint
     */
    public static CheckpointLayout.Selection load(Backbone net, Path checkpoint, CheckpointLayout layout) {
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
    public static EncoderDescriptor write(Backbone net, Path folder, Facts facts, boolean withLogits) {
        net.eval();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("repbench.architecture", net.architecture());
        metadata.put("repbench.algorithm", facts.algorithm() == null ? "unknown" : facts.algorithm());
        new TreeMap<>(facts.extraMetadata()).forEach((k, v) -> metadata.put("repbench." + k, v));
        ModelProto model = new OnnxExporter().export(net, new ExportOptions(withLogits, BuildInfo.version(), metadata));
        EncoderDescriptor.Provenance provenance = new EncoderDescriptor.Provenance(facts.algorithm(), facts.dataset(),
                facts.datasetManifestSha256(), facts.epochs(), facts.seed(), facts.checkpointSha256(), BuildInfo.version(),
                Torch.version(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), null, null, facts.processor());
        EncoderDescriptor descriptor = new EncoderDescriptor(EncoderDescriptor.FORMAT_VERSION, net.architecture(),
                EncoderDescriptor.Preprocessing.imagenet(facts.inputHeight(), facts.inputWidth()),
                EncoderDescriptor.outputsOf(model), provenance);
        return EncoderFiles.write(folder, model, descriptor);
    }
}
