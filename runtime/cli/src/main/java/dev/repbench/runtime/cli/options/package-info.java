/**
 * Options several commands share, as picocli mixins, so each is declared, documented and checked once:
 * {@code --device}/{@code --threads} ({@link dev.repbench.runtime.cli.options.ExecutionOptions}), {@code --data-root},
 * {@code --cache}, {@code --workers}, {@code --progress}; and {@link dev.repbench.runtime.cli.options.Usage}, how a
 * command reports an option a service refused.
 */
package dev.repbench.runtime.cli.options;
