/**
 * Model files: safetensors reading and writing (float32 tensors, integer buffers such as
 * PyTorch's {@code num_batches_tracked}, and string metadata such as the model spec; the JSON
 * header is read and written with Gson), and checkpoints loaded into a model by tensor name with
 * every shape checked.
 */
package io.simdnn.nn.io;
