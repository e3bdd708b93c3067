package dev.repbench.runtime.plugin;

/**
 * Something the registry refused or wants the user to know, e.g. a jar built for another SPI major.
 *
 * @param source  the jar or built-in it concerns
 * @param message one line that names the source, the problem and the fix
 */
public record PluginProblem(PluginSource source, String message) {
    @Override
    public String toString() {
        return message;
    }
}
