/**
 * An indexed binary min-heap over node ids 0..capacity-1, with decrease-key. Every array is
 * allocated once, so a search that reuses the heap allocates nothing (style of tinyqueue).
 */
export class IndexedMinHeap {
  length = 0;
  private readonly ids: Int32Array;
  private readonly keys: Float64Array;
  /** Position of each id in the heap, or -1 when the id is not queued. */
  private readonly pos: Int32Array;

  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.keys = new Float64Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  contains(id: number): boolean {
    return this.pos[id] >= 0;
  }

  /** Current key of a queued id. */
  keyOf(id: number): number {
    return this.keys[this.pos[id]];
  }

  peekKey(): number {
    return this.keys[0];
  }

  /** Inserts id, or lowers its key if it is already queued with a larger one. */
  push(id: number, key: number): void {
    let i = this.pos[id];
    if (i < 0) {
      i = this.length++;
    } else if (key >= this.keys[i]) {
      return;
    }
    this.up(i, id, key);
  }

  /** Sets the key of id whether it goes up or down (used by the contraction order). */
  update(id: number, key: number): void {
    const i = this.pos[id];
    if (i < 0) {
      this.up(this.length++, id, key);
    } else if (key < this.keys[i]) {
      this.up(i, id, key);
    } else {
      this.down(i, id, key);
    }
  }

  pop(): number {
    const top = this.ids[0];
    this.pos[top] = -1;
    const n = --this.length;
    if (n > 0) this.down(0, this.ids[n], this.keys[n]);
    return top;
  }

  /** Empties the heap in O(size), leaving it ready for the next search. */
  clear(): void {
    for (let i = 0; i < this.length; i++) this.pos[this.ids[i]] = -1;
    this.length = 0;
  }

  private up(i: number, id: number, key: number): void {
    const { ids, keys, pos } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent];
      if (pk <= key) break;
      ids[i] = ids[parent];
      keys[i] = pk;
      pos[ids[i]] = i;
      i = parent;
    }
    ids[i] = id;
    keys[i] = key;
    pos[id] = i;
  }

  private down(i: number, id: number, key: number): void {
    const { ids, keys, pos } = this;
    const n = this.length;
    const half = n >> 1;
    while (i < half) {
      let best = 2 * i + 1;
      let bk = keys[best];
      const right = best + 1;
      if (right < n && keys[right] < bk) {
        best = right;
        bk = keys[right];
      }
      if (bk >= key) break;
      ids[i] = ids[best];
      keys[i] = bk;
      pos[ids[i]] = i;
      i = best;
    }
    ids[i] = id;
    keys[i] = key;
    pos[id] = i;
  }
}
