package dev.repbench.runtime.encoder;

import java.nio.file.Path;

/** The generated external models, for tests in other packages. */
public final class ExternalModelFiles {
    private ExternalModelFiles() {}

    /** The ONNX file of {@code resnet18}, {@code resnet50} or {@code pyramid}, generated on first use. */
    public static Path onnx(String name) throws Exception {
        return ExternalModels.model(name).onnx();
    }
}
