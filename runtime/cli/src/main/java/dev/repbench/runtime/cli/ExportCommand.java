package dev.repbench.runtime.cli;

import dev.repbench.api.Device;
import dev.repbench.runtime.cli.options.OutputFolder;
import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.EncoderExport;
import dev.repbench.runtime.encoder.EncoderFileException;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.ExportParity;
import dev.repbench.runtime.features.session.SessionException;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.arch.ArchitectureRegistry;
import dev.repbench.torch.io.CheckpointLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repbench export}: builds a ResNet, fills it from a checkpoint (strictly: every key must match) or with a
 * seeded random initialisation, and writes the encoder file ({@code encoder.onnx} + {@code encoder.json}).
 * Runs on the CPU; {@code --parity-on} then checks the file against the network's forward on a device.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a ResNet encoder to ONNX: encoder.onnx and encoder.json in a folder.",
                "The weights come from a torch.save checkpoint (loaded strictly) or a seeded random initialisation."})
final class ExportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--arch", required = true, paramLabel = "NAME",
            description = "A registered architecture (resnet18, resnet50, resnet18-small, or a plugin's; 'repbench list architectures').")
    private String architecture;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private WeightSource weights;

    /** Where the weights come from: exactly one of the two. */
    static final class WeightSource {
        @Option(names = "--checkpoint", paramLabel = "FILE",
                description = "A torch.save file of the state dict; every key must match the architecture.")
        Path checkpoint;

        @Option(names = "--random-init", description = "torchvision's random initialisation, seeded by --seed (the study's baseline).")
        boolean randomInit;
    }

    @Option(names = "--layout", paramLabel = "auto|torchvision|data-parallel|moco|swav|vissl", defaultValue = "auto",
            description = "Where the encoder sits in the checkpoint (default: ${DEFAULT-VALUE}, detected from the keys)."
                    + " Keys outside it (optimizer, MoCo's key encoder and queue) are ignored; heads under it are"
                    + " dropped when --classes is 0; all else must match exactly.")
    private String layout;

    @Option(names = "--strip-prefix", paramLabel = "PREFIX",
            description = "A custom layout: the encoder's keys are those starting with PREFIX (overrides --layout).")
    private String stripPrefix;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the random initialisation (default 0), or, with --checkpoint, the training run's seed to record.")
    private Long seed;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "0",
            description = "Keep a classifier fc of N classes (the checkpoint holds fc.weight and fc.bias) and export its logits.")
    private long classes;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write encoder.onnx and encoder.json to.")
    private Path out;

    @Option(names = "--input-size", paramLabel = "H,W", split = ",",
            description = "The image size the encoder was trained at, recorded for preprocessing (default: the architecture's, 224,224; 32,32 for resnet18-small).")
    private int[] inputSize;

    @Option(names = "--algorithm", paramLabel = "NAME",
            description = "The pretraining algorithm to record (default: random-init, or unknown with --checkpoint).")
    private String algorithm;

    @Option(names = "--dataset", paramLabel = "NAME", description = "The pretraining dataset to record.")
    private String dataset;

    @Option(names = "--epochs", paramLabel = "N", description = "The pretraining epochs to record.")
    private Integer epochs;

    @Option(names = "--parity-on", paramLabel = "cpu|cuda[:N]",
            description = {"After writing, run the exported file in ONNX Runtime and the same weights in libtorch on this device",
                    "(seeded images at the input size), print each output's relative difference and fail above "
                            + "1e-4 (the files are kept)."})
    private String parityOn;

    @Option(names = "--parity-images", paramLabel = "N", defaultValue = "4",
            description = "Images the parity check compares (default: ${DEFAULT-VALUE}).")
    private int parityImages;

    @Override
    public Integer call() {
        if (!ArchitectureRegistry.installed().contains(architecture)) {
            throw Usage.error(spec, "--arch '" + architecture + "' is not one of "
                    + String.join(", ", ArchitectureRegistry.installed().names()) + " (see 'repbench list architectures')");
        }
        if (classes < 0) {
            throw Usage.error(spec, "--classes is 0 (no classifier) or more, got " + classes);
        }
        if (weights.randomInit && (stripPrefix != null || !layout.equals("auto"))) {
            throw Usage.error(spec, "--layout and --strip-prefix apply to --checkpoint only");
        }
        if (inputSize != null && (inputSize.length != 2 || inputSize[0] < 1 || inputSize[1] < 1)) {
            throw Usage.error(spec, "--input-size is H,W with both 1 or more, e.g. 224,224");
        }
        OutputFolder.requireWritable(out, "--out"); // before the export, not after it
        EncoderExport.Weights source = weights.randomInit ? new EncoderExport.Weights.RandomInit(seed == null ? 0 : seed)
                : new EncoderExport.Weights.Checkpoint(weights.checkpoint, checkpointLayout());
        EncoderExport.Request request = new EncoderExport.Request(architecture, source, classes,
                inputSize == null ? 0 : inputSize[0], inputSize == null ? 0 : inputSize[1], algorithm, dataset, epochs,
                weights.randomInit ? null : seed, out);
        if (parityImages < 1) {
            throw Usage.error(spec, "--parity-images is 1 or more, got " + parityImages);
        }
        RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
        EncoderExport.ParityCheck parity = null;
        if (parityOn != null) {
            Device device = Usage.parse(spec, "--parity-on", () -> Device.parse(parityOn));
            Torch.requireDevice(device); // before the export: a missing GPU is said before anything is written
            parity = new EncoderExport.ParityCheck(device, parityImages, root.execution().threads());
        }
        Torch.setNumThreads(root.execution().threads());
        EncoderExport.Result result;
        try {
            result = EncoderExport.export(request, parity);
        } catch (EncoderFileException | SessionException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        report(result);
        if (result.parity() != null && !result.parity().passes()) {
            throw new CliFailure(String.format(Locale.ROOT, "the exported %s differs from libtorch's forward on %s by %.2e"
                    + " relative (tolerance %.0e); the per-output figures are above", EncoderFiles.ONNX_FILE,
                    result.parity().device(), result.parity().worst(), ExportParity.TOLERANCE));
        }
        return 0;
    }

    private CheckpointLayout checkpointLayout() {
        if (stripPrefix != null) {
            return CheckpointLayout.ofPrefix(stripPrefix);
        }
        try {
            return CheckpointLayout.named(layout);
        } catch (IllegalArgumentException e) {
            throw Usage.error(spec, "--layout: " + e.getMessage());
        }
    }

    private void report(EncoderExport.Result result) {
        CheckpointLayout.Selection selection = result.selection();
        if (selection != null) {
            spec.commandLine().getErr().printf("read %s as layout '%s'%s%s%n", weights.checkpoint.getFileName(),
                    selection.layout().name(),
                    selection.outsidePrefix() > 0 ? "; " + selection.outsidePrefix() + " tensors outside the encoder ignored" : "",
                    selection.droppedHeads().isEmpty() ? "" : "; pretraining head dropped: " + String.join(", ", selection.droppedHeads()));
        }
        EncoderDescriptor written = result.descriptor();
        PrintWriter stdout = spec.commandLine().getOut();
        Path folder = out.toAbsolutePath();
        stdout.println("Exported " + written.architecture() + " (" + (weights.randomInit ? "random init, seed "
                + written.provenance().seed() : weights.checkpoint) + ") to " + folder.resolve(EncoderFiles.ONNX_FILE)
                + " and " + EncoderFiles.DESCRIPTOR_FILE);
        written.outputs().forEach((name, output) -> stdout.println("  " + name + " " + output.shape()));
        stdout.println("  sha256 " + written.provenance().onnxSha256());
        if (result.parity() != null) {
            result.parity().lines().forEach(stdout::println);
        }
        stdout.flush();
    }
}
