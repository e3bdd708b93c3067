package dev.repbench.runtime.eval;

import dev.repbench.api.EndTask;
import dev.repbench.runtime.eval.imagelevel.ImageLevelProtocol;
import dev.repbench.runtime.eval.pixelwise.PixelwiseProtocol;
import java.util.List;

/** The evaluation protocols, one per family of heads: the registration point of a new protocol. */
public final class Protocols {
    private static final List<Protocol> ALL = List.of(new ImageLevelProtocol(), new PixelwiseProtocol());

    private Protocols() {
    }

    /**
     * @param task an end task
     * @return the protocol that serves its head
     * @throws IllegalArgumentException if none does
     */
    public static Protocol forTask(EndTask task) {
        return ALL.stream().filter(p -> p.serves(task.head())).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "task " + task.name() + ": no evaluation protocol trains a " + task.head() + " head"));
    }
}
