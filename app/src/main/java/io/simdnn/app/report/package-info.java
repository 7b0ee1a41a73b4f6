/**
 * Run reports: the per-epoch log ({@code epochs.jsonl}) and the HTML report with learning
 * curves, the confusion matrix, per-class precision and recall, first-layer weights and
 * misclassified images, drawn as PNG charts.
 */
package io.simdnn.app.report;
