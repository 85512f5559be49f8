/**
 * Choosing intercept points: maximum coverage of simulated escape routes under a partition
 * constraint (each unit takes at most one node; at most `maxActivations` checkpoints are
 * switched on; checkpoints already active are always in).
 *
 * f(S) = number of routes on which some chosen unit or checkpoint is in place no later than the
 * suspect. f is monotone and submodular (a coverage function), and the constraint is a partition
 * matroid, so the greedy choice is at least ½ of the optimum (Fisher, Nemhauser & Wolsey 1978).
 * The (1 − 1/e) guarantee holds only for a plain cardinality limit, not here. Swap-based local
 * search afterwards never lowers f, so the ½ bound stands. Each plan also carries an a-posteriori
 * bound: f(OPT) ≤ f(S) + Σ over blocks of the best marginal gains w.r.t. S (submodularity), which
 * is usually far tighter than ½.
 *
 * Gains are evaluated lazily (CELF): by submodularity a stale gain is an upper bound, so a
 * candidate is recomputed only when it reaches the top of the heap.
 */
import { checkpointYield } from "./escape.ts";

export interface CoverageInstance {
  routeCount: number;
  /** Candidate nodes c = 0..candidateCount-1; occurrences of route visits per candidate. */
  candidateCount: number;
  /** Visits of candidate c: occFirst[c] .. occFirst[c+1]-1, sorted by time, latest first. */
  occFirst: Int32Array;
  occRoute: Int32Array;
  occTime: Float64Array;
  unitCount: number;
  /** Ms since flight when unit u can be at candidate c: unitTime[u * candidateCount + c] (Infinity: not in time). */
  unitTime: Float64Array;
  /** Checkpoints: candidate index (-1 when no route passes it), ready time, already active. */
  checkpointCandidate: Int32Array;
  checkpointReady: Float64Array;
  checkpointActive: Uint8Array;
  maxActivations: number;
}

export interface CoverageSolution {
  /** Chosen candidate per unit, -1 when none adds coverage. */
  unitChoice: Int32Array;
  /** 1 for each checkpoint that is on (already active, or chosen to activate). */
  checkpointOn: Uint8Array;
  covered: number;
  /** f(S) of the greedy before local search. */
  greedyCovered: number;
  /** A-posteriori upper bound on the optimum. */
  upperBound: number;
  swaps: number;
}

/** Binary max-heap of (id, key) with typed arrays. */
class MaxHeap {
  ids: Int32Array;
  keys: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.ids = new Int32Array(Math.max(1, capacity));
    this.keys = new Float64Array(Math.max(1, capacity));
  }
  push(id: number, key: number): void {
    let i = this.length++;
    const { ids, keys } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] >= key) break;
      ids[i] = ids[p];
      keys[i] = keys[p];
      i = p;
    }
    ids[i] = id;
    keys[i] = key;
  }
  pop(): number {
    const { ids, keys } = this;
    const top = ids[0];
    const n = --this.length;
    if (n > 0) {
      const id = ids[n];
      const key = keys[n];
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let c = 2 * i + 1;
        if (c + 1 < n && keys[c + 1] > keys[c]) c++;
        if (keys[c] <= key) break;
        ids[i] = ids[c];
        keys[i] = keys[c];
        i = c;
      }
      ids[i] = id;
      keys[i] = key;
    }
    return top;
  }
  peekKey(): number {
    return this.length > 0 ? this.keys[0] : Number.NEGATIVE_INFINITY;
  }
}

/** The coverage bookkeeping: how many chosen elements cover each route. */
export class CoverageState {
  readonly count: Int32Array;
  covered = 0;
  constructor(readonly inst: CoverageInstance) {
    this.count = new Int32Array(inst.routeCount);
  }

  /** Routes not yet covered that candidate c reached by `ready` would cover. */
  gain(c: number, ready: number): number {
    const { occFirst, occRoute, occTime } = this.inst;
    let g = 0;
    for (let i = occFirst[c], end = occFirst[c + 1]; i < end; i++) {
      if (occTime[i] < ready) break;
      if (this.count[occRoute[i]] === 0) g++;
    }
    return g;
  }

  /** Routes covered only by this element (what removing it would lose). */
  loss(c: number, ready: number): number {
    const { occFirst, occRoute, occTime } = this.inst;
    let l = 0;
    for (let i = occFirst[c], end = occFirst[c + 1]; i < end; i++) {
      if (occTime[i] < ready) break;
      if (this.count[occRoute[i]] === 1) l++;
    }
    return l;
  }

  add(c: number, ready: number, sign: 1 | -1): void {
    const { occFirst, occRoute, occTime } = this.inst;
    for (let i = occFirst[c], end = occFirst[c + 1]; i < end; i++) {
      if (occTime[i] < ready) break;
      const r = occRoute[i];
      if (sign > 0) {
        if (this.count[r]++ === 0) this.covered++;
      } else if (--this.count[r] === 0) this.covered--;
    }
  }
}

export async function optimiseCoverage(inst: CoverageInstance, signal?: AbortSignal, maxPasses = 4): Promise<CoverageSolution> {
  const U = inst.unitCount;
  const C = inst.candidateCount;
  const K = inst.checkpointCandidate.length;
  const st = new CoverageState(inst);
  const unitChoice = new Int32Array(U).fill(-1);
  const checkpointOn = new Uint8Array(K);
  for (let k = 0; k < K; k++) {
    if (!inst.checkpointActive[k]) continue;
    checkpointOn[k] = 1;
    const c = inst.checkpointCandidate[k];
    if (c >= 0) st.add(c, inst.checkpointReady[k], 1);
  }
  let activationsLeft = inst.maxActivations;
  const unitBase = U * C;
  // Element ids: unit u at candidate c → u*C + c; checkpoint k → U*C + k.
  const heap = new MaxHeap(U * C + K);
  for (let u = 0; u < U; u++) {
    for (let c = 0; c < C; c++) {
      const t = inst.unitTime[u * C + c];
      if (t === Number.POSITIVE_INFINITY) continue;
      const g = st.gain(c, t);
      if (g > 0) heap.push(u * C + c, g);
    }
    if ((u & 3) === 3) await checkpointYield(signal);
  }
  for (let k = 0; k < K; k++) {
    const c = inst.checkpointCandidate[k];
    if (checkpointOn[k] || c < 0) continue;
    const g = st.gain(c, inst.checkpointReady[k]);
    if (g > 0) heap.push(unitBase + k, g);
  }
  let unitsLeft = U;
  while (heap.length > 0 && (unitsLeft > 0 || activationsLeft > 0)) {
    const id = heap.pop();
    let c: number;
    let ready: number;
    if (id < unitBase) {
      const u = (id / C) | 0;
      if (unitChoice[u] >= 0) continue;
      c = id - u * C;
      ready = inst.unitTime[id];
    } else {
      const k = id - unitBase;
      if (activationsLeft === 0 || checkpointOn[k]) continue;
      c = inst.checkpointCandidate[k];
      ready = inst.checkpointReady[k];
    }
    const g = st.gain(c, ready);
    if (g <= 0) continue;
    if (g < heap.peekKey()) {
      heap.push(id, g);
      continue;
    }
    st.add(c, ready, 1);
    if (id < unitBase) {
      unitChoice[(id / C) | 0] = c;
      unitsLeft--;
    } else {
      checkpointOn[id - unitBase] = 1;
      activationsLeft--;
    }
  }
  const greedyCovered = st.covered;
  await checkpointYield(signal);

  // Local search: move one unit (or swap one activated checkpoint) when that strictly helps.
  let swaps = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (let u = 0; u < U; u++) {
      const c0 = unitChoice[u];
      const lossNow = c0 >= 0 ? st.loss(c0, inst.unitTime[u * C + c0]) : 0;
      if (c0 >= 0) st.add(c0, inst.unitTime[u * C + c0], -1);
      let best = c0;
      let bestGain = lossNow;
      for (let c = 0; c < C; c++) {
        const t = inst.unitTime[u * C + c];
        if (t === Number.POSITIVE_INFINITY) continue;
        const g = st.gain(c, t);
        if (g > bestGain) {
          bestGain = g;
          best = c;
        }
      }
      if (best >= 0) st.add(best, inst.unitTime[u * C + best], 1);
      if (best !== c0) {
        unitChoice[u] = best;
        swaps++;
        improved = true;
      }
    }
    for (let k = 0; k < K; k++) {
      if (!checkpointOn[k] || inst.checkpointActive[k]) continue;
      const c0 = inst.checkpointCandidate[k];
      const lossNow = st.loss(c0, inst.checkpointReady[k]);
      st.add(c0, inst.checkpointReady[k], -1);
      let best = k;
      let bestGain = lossNow;
      for (let j = 0; j < K; j++) {
        if (checkpointOn[j] || inst.checkpointCandidate[j] < 0) continue;
        const g = st.gain(inst.checkpointCandidate[j], inst.checkpointReady[j]);
        if (g > bestGain) {
          bestGain = g;
          best = j;
        }
      }
      st.add(inst.checkpointCandidate[best], inst.checkpointReady[best], 1);
      if (best !== k) {
        checkpointOn[k] = 0;
        checkpointOn[best] = 1;
        swaps++;
        improved = true;
      }
    }
    await checkpointYield(signal);
    if (!improved) break;
  }

  // Bound: f(OPT) ≤ f(S) + Σ_blocks (best gains w.r.t. S, up to the block's capacity).
  let bound = st.covered;
  for (let u = 0; u < U; u++) {
    let best = 0;
    for (let c = 0; c < C; c++) {
      const t = inst.unitTime[u * C + c];
      if (t !== Number.POSITIVE_INFINITY) best = Math.max(best, st.gain(c, t));
    }
    bound += best;
  }
  const cpGains: number[] = [];
  for (let k = 0; k < K; k++) {
    const c = inst.checkpointCandidate[k];
    if (!inst.checkpointActive[k] && c >= 0) cpGains.push(checkpointOn[k] ? 0 : st.gain(c, inst.checkpointReady[k]));
  }
  cpGains.sort((a, b) => b - a);
  for (let i = 0; i < Math.min(inst.maxActivations, cpGains.length); i++) bound += cpGains[i];
  return {
    unitChoice,
    checkpointOn,
    covered: st.covered,
    greedyCovered,
    upperBound: Math.min(bound, inst.routeCount),
    swaps,
  };
}

/** Routes covered by a given choice, counted independently of the optimiser (for checks and baselines). */
export function coverageOf(inst: CoverageInstance, unitChoice: ArrayLike<number>, checkpointOn: ArrayLike<number>): number {
  const st = new CoverageState(inst);
  const C = inst.candidateCount;
  for (let u = 0; u < inst.unitCount; u++) if (unitChoice[u] >= 0) st.add(unitChoice[u], inst.unitTime[u * C + unitChoice[u]], 1);
  for (let k = 0; k < inst.checkpointCandidate.length; k++) {
    const c = inst.checkpointCandidate[k];
    if (checkpointOn[k] && c >= 0) st.add(c, inst.checkpointReady[k], 1);
  }
  return st.covered;
}
