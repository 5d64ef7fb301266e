import { Tensor } from "./tensor.js";

/**
 * A tensor flagged as a trainable parameter of a module (torch.nn.Parameter): it shares the
 * data of the tensor it wraps and requires grad unless told otherwise (ncps registers its
 * sparsity masks as parameters that do not). Buffers are plain tensors.
 */
export class Parameter extends Tensor {
  constructor(value: Tensor, requiresGrad = true) {
    if (!(value instanceof Tensor)) {
      throw new TypeError(`Parameter: value must be a Tensor, got ${typeof value}`);
    }
    super(value.data, value.shape, { requiresGrad });
  }
}
