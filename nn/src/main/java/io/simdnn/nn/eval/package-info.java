/**
 * Evaluation of a model on a data set: accuracy, mean loss, the confusion matrix and per-class
 * precision and recall.
 */
package io.simdnn.nn.eval;
