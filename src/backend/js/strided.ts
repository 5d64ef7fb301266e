/**
 * Walks every index of a shape for several strided operands at once, one contiguous run
 * ("row") of the last axis at a time. Axes of size 1 are dropped and neighbouring axes that
 * every operand lays out contiguously are merged, so a plain elementwise op over contiguous
 * arrays becomes a single row. Kernels loop over rows and run a tight loop inside each.
 */
export class StridedRows {
  /** Number of rows. */
  readonly rows: number;
  /** Elements per row. */
  readonly inner: number;
  /** Per operand: stride along the row. */
  readonly innerStrides: number[];
  /** Per operand: offset of the current row's first element. */
  readonly offsets: number[];
  private readonly outerShape: number[];
  private readonly outerStrides: number[][];
  private readonly counters: number[];

  /** `strides[k]` are operand k's strides for `shape`; `bases[k]` its starting offset. */
  constructor(
    shape: readonly number[],
    strides: readonly (readonly number[])[],
    bases?: readonly number[],
  ) {
    const ops = strides.length;
    const dims: number[] = [];
    const st: number[][] = strides.map(() => []);
    for (let d = 0; d < shape.length; d++) {
      const size = shape[d];
      if (size === 1) continue;
      const last = dims.length - 1;
      // Merge with the previous kept axis when every operand steps through both as one.
      let mergeable = last >= 0;
      for (let k = 0; k < ops && mergeable; k++) {
        if (st[k][last] !== strides[k][d] * size) mergeable = false;
      }
      if (mergeable) {
        dims[last] *= size;
        for (let k = 0; k < ops; k++) st[k][last] = strides[k][d];
      } else {
        dims.push(size);
        for (let k = 0; k < ops; k++) st[k].push(strides[k][d]);
      }
    }
    let total = 1;
    for (const size of shape) total *= size;
    this.offsets = bases ? bases.slice() : new Array<number>(ops).fill(0);
    if (total === 0) {
      this.rows = 0;
      this.inner = 0;
      this.innerStrides = new Array<number>(ops).fill(0);
      this.outerShape = [];
      this.outerStrides = [];
      this.counters = [];
      return;
    }
    const r = dims.length;
    this.inner = r === 0 ? 1 : dims[r - 1];
    this.innerStrides = st.map((s) => (r === 0 ? 0 : s[r - 1]));
    this.outerShape = dims.slice(0, Math.max(0, r - 1));
    this.outerStrides = st.map((s) => s.slice(0, Math.max(0, r - 1)));
    this.counters = new Array<number>(this.outerShape.length).fill(0);
    this.rows = total / this.inner;
  }

  /** Moves `offsets` to the next row (odometer order, last outer axis fastest). */
  next(): void {
    const shape = this.outerShape;
    const counters = this.counters;
    const offsets = this.offsets;
    for (let d = shape.length - 1; d >= 0; d--) {
      counters[d]++;
      if (counters[d] < shape[d]) {
        for (let k = 0; k < offsets.length; k++) offsets[k] += this.outerStrides[k][d];
        return;
      }
      counters[d] = 0;
      for (let k = 0; k < offsets.length; k++) {
        offsets[k] -= this.outerStrides[k][d] * (shape[d] - 1);
      }
    }
  }
}
