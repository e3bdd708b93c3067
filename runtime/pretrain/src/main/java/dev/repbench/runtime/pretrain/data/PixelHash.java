package dev.repbench.runtime.pretrain.data;

import dev.repbench.api.data.Image;
import dev.repbench.runtime.io.Sha256;
import java.nio.ByteBuffer;

/**
 * The content hash of a decoded image: SHA-256 over its shape and its pixels quantised back to 8 bits, so an image
 * decoded from an 8-bit file hashes the same whatever float rounding the decoder used.
 */
final class PixelHash {
    private PixelHash() {
    }

    static String of(Image image) {
        float[] pixels = image.pixels();
        ByteBuffer bytes = ByteBuffer.allocate(12 + pixels.length);
        bytes.putInt(image.channels()).putInt(image.height()).putInt(image.width());
        for (float v : pixels) {
            bytes.put((byte) Math.round(v * 255f));
        }
        return Sha256.of(bytes.array());
    }
}
