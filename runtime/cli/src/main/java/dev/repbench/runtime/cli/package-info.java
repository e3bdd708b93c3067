/**
 * The {@code repbench} command line (picocli): the root command and its global options, the
 * subcommands, and the error handling that turns every failure into one line and an exit code
 * (0 ok, 1 failure, 2 usage).
 */
package dev.repbench.runtime.cli;
