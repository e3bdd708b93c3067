package dev.repbench.runtime.study.spec;

import dev.repbench.runtime.io.FileProblems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A spec file read and parsed, not yet validated: {@link SpecLoader#load} needs the plugin catalog, and which
 * plugins folder to load is itself in the file ({@link #pluginsFolder()}).
 *
 * @param file the spec file, absolute
 * @param text its text
 * @param root its YAML tree
 */
public record SpecDocument(Path file, String text, SpecNode root) {

    /** The plugins folder used when the spec names none: {@code plugins/} beside the spec file. */
    public static final String DEFAULT_PLUGINS = "plugins";

    /**
     * @param file a spec file
     * @return the parsed file
     * @throws SpecException if it cannot be read or is not YAML
     */
    public static SpecDocument read(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException(List.of(new SpecProblem(absolute, null, "", "cannot read the spec file ("
                    + FileProblems.reason(e) + ") — check the path")));
        }
        List<SpecProblem> problems = new ArrayList<>();
        SpecNode root = YamlTree.parse(text, absolute, problems);
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return new SpecDocument(absolute, text, root);
    }

    /** @return the folder relative paths in the spec are resolved against */
    public Path baseFolder() {
        return file.getParent();
    }

    /**
     * The plugins folder the spec asks for, read leniently (validation reports a bad value later).
     *
     * @return the folder, absolute
     */
    public Path pluginsFolder() {
        if (root instanceof SpecNode.MapNode map && map.entries().get("plugins") instanceof SpecNode.Scalar s
                && s.value() instanceof String text && !text.isBlank()) {
            return baseFolder().resolve(text.strip()).normalize();
        }
        return baseFolder().resolve(DEFAULT_PLUGINS);
    }
}
