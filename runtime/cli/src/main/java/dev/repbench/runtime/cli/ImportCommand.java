package dev.repbench.runtime.cli;

import dev.repbench.runtime.cli.options.OutputFolder;
import dev.repbench.runtime.cli.options.Usage;
import dev.repbench.runtime.encoder.EncoderFileException;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.EncoderImporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repbench import}: completes an ONNX encoder from elsewhere into an encoder file, promoting the tensors of
 * {@code embedding} and {@code block1}…{@code blockN} to graph outputs (named in {@code --encoder-json}, or found by
 * the rules: a ViT's tokens, any CNN's maps by stride). Prints what it chose and runs the result once on ONNX
 * Runtime's CPU provider to check it.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Import an ONNX encoder trained elsewhere: encoder.onnx (with the embedding and block outputs"
                + " promoted by graph surgery, its input adapted to [N, 3, H, W]) and encoder.json in a"
                + " folder, beside any external data files its weights lie in.")
final class ImportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX model to import.")
    private Path onnx;

    @Option(names = "--encoder-json", paramLabel = "FILE",
            description = "An encoder.json naming the model's tensors as outputs {block1: '...', …, embedding: '...'},"
                    + " or a ViT's token tensors as tokens {blocks: ['...', '...'], prefixTokens: P, patchSize: p},"
                    + " and optionally preprocessing and provenance (default: found in the model: a ViT's tokens, any CNN's"
                    + " feature maps at strides 2..32).")
    private Path encoderJson;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write encoder.onnx and encoder.json to.")
    private Path out;

    @Option(names = "--input-size", paramLabel = "H,W", split = ",",
            description = "The image size the encoder takes (default: encoder.json's, else the model's fixed size, else 224,224).")
    private int[] inputSize;

    @Option(names = "--mean", paramLabel = "R,G,B", split = ",", description = "Per-channel mean (default: ImageNet's).")
    private double[] mean;

    @Option(names = "--std", paramLabel = "R,G,B", split = ",", description = "Per-channel standard deviation (default: ImageNet's).")
    private double[] std;

    /** The channel orders an encoder may take. */
    enum ChannelOrder { RGB, BGR }

    @Option(names = "--channel-order", paramLabel = "RGB|BGR",
            description = "The model's channel order (default: encoder.json's, else RGB); BGR for Caffe-style models"
                    + " (Keras's 'caffe' preprocessing, Detectron2). --mean and --std are then in that order.")
    private ChannelOrder channelOrder;

    @Option(names = "--value-range", paramLabel = "LOW,HIGH", split = ",",
            description = "The range pixel values are scaled to before --mean and --std (default: encoder.json's, else"
                    + " 0,1); 0,255 for models that take raw pixel values.")
    private double[] valueRange;

    @Override
    public Integer call() {
        if (inputSize != null && (inputSize.length != 2 || inputSize[0] < 1 || inputSize[1] < 1)) {
            throw Usage.error(spec, "--input-size is H,W with both 1 or more, e.g. 224,224");
        }
        for (double[] values : new double[][] {mean, std}) {
            if (values != null && values.length != 3) {
                throw Usage.error(spec, "--mean and --std take three values R,G,B");
            }
        }
        if (valueRange != null && (valueRange.length != 2 || !(valueRange[0] < valueRange[1]))) {
            throw Usage.error(spec, "--value-range is LOW,HIGH with LOW < HIGH, e.g. 0,255");
        }
        if (!Files.isRegularFile(onnx)) {
            throw new CliFailure(onnx.toAbsolutePath() + " does not exist: check the --onnx path");
        }
        if (encoderJson != null && !Files.isRegularFile(encoderJson)) {
            throw new CliFailure(encoderJson.toAbsolutePath() + " does not exist: check the --encoder-json path");
        }
        OutputFolder.requireWritable(out, "--out");
        RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
        EncoderImporter.Request request = new EncoderImporter.Request(onnx, encoderJson, out,
                inputSize == null ? null : Arrays.stream(inputSize).boxed().toList(), boxed(mean), boxed(std),
                channelOrder == null ? null : channelOrder.name(), boxed(valueRange), root.execution().threads());
        try {
            report(EncoderImporter.run(request));
            return 0;
        } catch (EncoderFileException e) {
            throw new CliFailure(e.getMessage(), e);
        }
    }

    private static List<Double> boxed(double[] values) {
        return values == null ? null : Arrays.stream(values).boxed().toList();
    }

    private void report(EncoderImporter.Result result) {
        PrintWriter stdout = spec.commandLine().getOut();
        Path folder = out.toAbsolutePath();
        var provenance = result.descriptor().provenance();
        stdout.println("Imported " + onnx.getFileName() + " (outputs " + provenance.imported().outputsFrom() + ") to "
                + folder.resolve(EncoderFiles.ONNX_FILE) + " and " + EncoderFiles.DESCRIPTOR_FILE);
        result.inputChanges().forEach(change -> stdout.println("  adapted: " + change));
        if (result.summary() != null) {
            stdout.println("  found " + result.summary());
        }
        result.descriptor().outputs().forEach((name, output) -> stdout.println("  " + name + " " + output.shape()
                + (output.stride() == null ? "" : " stride " + output.stride()) + " <- " + result.tensors().get(name)));
        stdout.println("  input " + result.descriptor().preprocessing().inputSize() + ", sha256 " + provenance.onnxSha256());
        stdout.flush();
    }
}
