/**
 * Model files: safetensors reading and writing (tensors plus string metadata such as the model
 * spec), checkpoints loaded into a model by tensor name with every shape
 * checked, and the small JSON reader and writer the formats need.
 */
package io.simdnn.nn.io;
