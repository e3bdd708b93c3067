package dev.repbench.runtime.cli.badinput;

import static dev.repbench.runtime.cli.badinput.UserRun.FAILURE;
import static dev.repbench.runtime.cli.badinput.UserRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.repbench.runtime.encoder.EncoderExport;
import dev.repbench.torch.Torch;
import dev.repbench.torch.io.Checkpoints;
import dev.repbench.torch.nn.Backbone;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad checkpoints given to {@code repbench export --checkpoint}: each is refused on one line naming the file and the
 * fix, with exit code 1, and the encoder exported earlier into the same {@code --out} stays byte-identical. The
 * reader's own refusals are unit-tested in {@code TorchSaveReaderTest} and {@code CheckpointsTest}.
 */
class CheckpointInputTest {
    @TempDir
    static Path shared;
    /** A resnet18-small state dict saved by RepBench, torchvision's names: what the export reads when all is well. */
    private static Path checkpoint;

    @TempDir
    Path temp;
    private Path encoder;
    private Unchanged earlier;

    @BeforeAll
    static void checkpoint() {
        Torch.setNumThreads(2);
        checkpoint = shared.resolve("resnet18-small.pt");
        try (Backbone net = EncoderExport.build("resnet18-small", 0)) {
            Checkpoints.save(checkpoint, net);
        }
    }

    @BeforeEach
    void exportedEarlier() {
        encoder = temp.resolve("encoder");
        assertEquals(0, export("resnet18-small", checkpoint).exitCode());
        earlier = Unchanged.of(encoder);
    }

    private UserRun export(String architecture, Path file, String... more) {
        String[] args = {"--threads", "2", "export", "--arch", architecture, "--checkpoint", file.toString(), "--out",
                encoder.toString()};
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return run(all);
    }

    @Test
    void aTruncatedCheckpoint() throws IOException {
        byte[] whole = Files.readAllBytes(checkpoint);
        Path half = Files.write(temp.resolve("half.pt"), Arrays.copyOf(whole, whole.length / 2));
        export("resnet18-small", half).assertRefused(FAILURE, half.toString(), "truncated", "re-download or re-save it");
        earlier.assertUnchanged();
    }

    @Test
    void aCheckpointOfAnotherArchitecture() {
        export("resnet50", checkpoint).assertRefused(FAILURE, "checkpoint " + checkpoint, "missing",
                "--arch picks the architecture");
        earlier.assertUnchanged();
    }

    @Test
    void aCheckpointInAnotherLayout() {
        export("resnet18-small", checkpoint, "--layout", "moco").assertRefused(FAILURE,
                "checkpoint " + checkpoint + " read as layout 'moco'", "--layout picks where the encoder sits");
        earlier.assertUnchanged();
    }

    @Test
    void aPickleThatAsksForAClassOutsideTheAllowedSet() throws IOException {
        Path ran = temp.resolve("the-pickle-ran");
        Path evil = temp.resolve("evil.pt");
        writeTorchSaveZip(evil, pickleCallingPosixSystem("touch " + ran));
        export("resnet18-small", evil).assertRefused(FAILURE, "checkpoint " + evil + " holds no tensors",
                "neither built nor run: entry 'payload' (posix.system)", "torch.save(model.state_dict(), path)");
        assertFalse(Files.exists(ran), "nothing in the pickle was executed");
        earlier.assertUnchanged();
    }

    @Test
    void aFileThatIsNotACheckpoint() throws IOException {
        Path onnx = Files.write(temp.resolve("model.pt"), OnnxModels.tinyEncoder().toByteArray());
        export("resnet18-small", onnx).assertRefused(FAILURE, "checkpoint " + onnx + " is not a torch.save file", "ONNX");
        earlier.assertUnchanged();
    }

    @Test
    void aCheckpointThatDoesNotExist() {
        Path absent = temp.resolve("absent.pt");
        export("resnet18-small", absent).assertRefused(FAILURE, "checkpoint " + absent + " does not exist", "check the path");
        earlier.assertUnchanged();
    }

    /** {@code {"payload": posix.system(command)}} in pickle protocol 2, as a malicious torch.save file holds it. */
    private static byte[] pickleCallingPosixSystem(String command) {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.writeBytes(new byte[] {(byte) 0x80, 2, '}'});                  // PROTO 2, EMPTY_DICT
        unicode(pickle, "payload");                                           // BINUNICODE key
        pickle.writeBytes("cposix\nsystem\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL posix.system
        unicode(pickle, command);                                             // BINUNICODE argument
        pickle.writeBytes(new byte[] {(byte) 0x85, 'R', 's', '.'});           // TUPLE1, REDUCE, SETITEM, STOP
        return pickle.toByteArray();
    }

    private static void unicode(ByteArrayOutputStream pickle, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        pickle.write('X');
        pickle.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
        pickle.writeBytes(bytes);
    }

    /** A zip archive laid out as torch.save writes one: {@code archive/data.pkl}, {@code version}, {@code byteorder}. */
    private static void writeTorchSaveZip(Path file, byte[] pickle) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : new Object[][] {{"archive/data.pkl", pickle}, {"archive/version", "3\n".getBytes(StandardCharsets.US_ASCII)},
                    {"archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII)}}) {
                zip.putNextEntry(new ZipEntry((String) entry[0]));
                zip.write((byte[]) entry[1]);
                zip.closeEntry();
            }
        }
    }
}
