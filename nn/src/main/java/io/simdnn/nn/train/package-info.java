/**
 * Training: the softmax cross-entropy loss with L2, optimizers (SGD with momentum, Nesterov,
 * averaged momentum, Adam) and learning-rate schedules, mini-batching, the
 * {@link io.simdnn.nn.train.Trainer} loop with validation, early stopping and crash-safe
 * checkpoints, a JIT warm-up, and finite-difference gradient checks.
 *
 * <p>Every random choice (initialization, shuffling, dropout masks) derives from the run's seed, so
 * a run and a resumed run reach the same weights bit for bit, at any thread count.
 */
package io.simdnn.nn.train;
