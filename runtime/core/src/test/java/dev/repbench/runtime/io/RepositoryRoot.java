package dev.repbench.runtime.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root folder for tests, whichever module's folder Surefire runs them in. */
public final class RepositoryRoot {
    private RepositoryRoot() {
    }

    /** @return the nearest folder above the module holding the launcher {@code repbench} and the parent pom */
    public static Path find() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        for (Path p = module; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("repbench")) && Files.isRegularFile(p.resolve("pom.xml"))
                    && Files.isDirectory(p.resolve("runtime"))) {
                return p;
            }
        }
        throw new IllegalStateException("no RepBench checkout (a folder with repbench, pom.xml and runtime/) above " + module);
    }

    /** @return {@code relative} resolved against the root */
    public static Path resolve(String relative) {
        return find().resolve(relative);
    }
}
