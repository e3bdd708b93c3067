package dev.repbench.runtime.eval;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.LoadedEncoder;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image size an evaluation feeds the encoder. By default the task's declared size, so that every encoder evaluated
 * on a task sees the same pixels and their scores compare; the size an encoder was trained at (its
 * {@code encoder.json}) or a fixed size can be chosen instead, e.g. to evaluate small-image encoders cheaply.
 */
public sealed interface InputResolution {

    /** The task's {@link EndTask#inputSize()}. */
    InputResolution TASK = new Task();
    /** The size in the encoder's {@code encoder.json}. */
    InputResolution ENCODER = new Encoder();

    /** The task's declared size. */
    record Task() implements InputResolution {
        @Override
        public String id() {
            return "task";
        }
    }

    /** The encoder's recorded size. */
    record Encoder() implements InputResolution {
        @Override
        public String id() {
            return "encoder";
        }
    }

    /**
     * A fixed size.
     *
     * @param height rows, at least 1
     * @param width  columns, at least 1
     */
    record Fixed(int height, int width) implements InputResolution {
        public Fixed {
            if (height < 1 || width < 1) {
                throw new IllegalArgumentException("an input size needs a height and width of 1 or more, got " + height + "x" + width);
            }
        }

        @Override
        public String id() {
            return height + "x" + width;
        }
    }

    /** @return the stable text form: {@code task}, {@code encoder} or {@code HxW}; {@link #parse} reads it back */
    String id();

    /**
     * @param text {@code task}, {@code encoder}, {@code N} (square) or {@code HxW}
     * @return the resolution
     * @throws IllegalArgumentException naming the accepted forms
     */
    static InputResolution parse(String text) {
        String t = Objects.requireNonNull(text, "text").strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("task")) {
            return TASK;
        }
        if (t.equals("encoder")) {
            return ENCODER;
        }
        Matcher m = Pattern.compile("([1-9]\\d{0,4})(?:x([1-9]\\d{0,4}))?").matcher(t);
        if (m.matches()) {
            int h = Integer.parseInt(m.group(1));
            return new Fixed(h, m.group(2) == null ? h : Integer.parseInt(m.group(2)));
        }
        throw new IllegalArgumentException("input size '" + text + "' is not 'task', 'encoder', N or HxW (e.g. 224 or 224x224)");
    }

    /**
     * The encoder as this evaluation feeds it: its descriptor's input size replaced by the chosen one (the ONNX
     * model is unchanged; ResNets accept any size).
     */
    default LoadedEncoder applyTo(LoadedEncoder encoder, EndTask task) {
        List<Integer> size = switch (this) {
            case Task ignored -> List.of(task.inputSize().height(), task.inputSize().width());
            case Encoder ignored -> encoder.descriptor().preprocessing().inputSize();
            case Fixed fixed -> List.of(fixed.height(), fixed.width());
        };
        EncoderDescriptor d = encoder.descriptor();
        if (d.preprocessing().inputSize().equals(size)) {
            return encoder;
        }
        EncoderDescriptor.Preprocessing p = d.preprocessing();
        EncoderDescriptor resized = new EncoderDescriptor(d.formatVersion(), d.architecture(),
                new EncoderDescriptor.Preprocessing(size, p.mean(), p.std(), p.channelOrder(), p.valueRange()),
                d.outputs(), d.provenance());
        return new LoadedEncoder(encoder.onnxFile(), encoder.descriptorFile(), resized, encoder.notes(), encoder.completedModel());
    }
}
