/**
 * The {@code simdnn} command line (picocli): {@code train}, {@code eval}, {@code sweep},
 * {@code gradcheck}, {@code info} and their options, run directories and the progress bar.
 * docs/cli.md documents every command. Errors are one line on stderr naming the problem.
 */
package io.simdnn.app;
