package dev.repbench.runtime.encoder;

import java.nio.file.Path;

/** The generated external models, for tests in other packages. */
public final class ExternalModelFiles {
    private ExternalModelFiles() {}

    /**
     * The ONNX file of a model of make_external_onnx.py ({@code resnet18}, {@code mobilenet_v3}, {@code vit},
     * {@code mlp}, …), generated on first use.
     */
    public static Path onnx(String name) throws Exception {
        return ExternalModels.model(name).onnx();
    }
}
