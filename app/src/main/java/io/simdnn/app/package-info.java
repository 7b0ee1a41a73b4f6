/**
 * The {@code simdnn} command line (picocli): {@code train}, {@code eval}, {@code predict},
 * {@code sweep}, {@code gradcheck}, {@code info} and their options, run directories, the progress
 * bar, and the conversion of image and data files into samples for {@code predict}.
 * docs/cli.md documents every command. Errors are one line on stderr naming the problem.
 */
package io.simdnn.app;
