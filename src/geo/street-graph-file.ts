/**
 * The street graph file (`.lsg`): a road graph with its street names, small enough to ship in
 * the repository (the demo city's roads). Unlike `.lgr` it carries no contraction hierarchy —
 * that is rebuilt at the first start and cached — and its numbers are quantised and compressed.
 * All integers are little-endian.
 *
 *   0  8 bytes  magic "LANTSTRT"
 *   8  u32      format version (1)
 *  12  u32      byte length of the body once inflated
 *  16  u32      CRC-32 of the inflated body
 *  20  …        the body, deflated (RFC 1951)
 *
 * The body is a u32 byte length and that many bytes of UTF-8 JSON (`StreetGraphHeader`: counts,
 * source, attribution, the name table), then eight streams of unsigned LEB128 varints, in this
 * order; "zigzag" maps a signed n to 2n (n ≥ 0) or −2n−1:
 *
 *   nodeCount  zigzag delta of the node id from the previous node's (the first from 0)
 *   nodeCount  zigzag delta of latitude in millionths of a degree
 *   nodeCount  zigzag delta of longitude in millionths of a degree
 *   nodeCount  out-degree of each node; edges are stored node by node, so edge k is CSR edge k
 *   edgeCount  zigzag of (target − source) node index
 *   edgeCount  travel time in tenths of a second
 *   edgeCount  length in tenths of a metre
 *   edgeCount  name: 0 for none, k for `names[k − 1]`
 *
 * and nothing after. Readers refuse any file that breaks one of these rules, naming the rule.
 */
import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { deflateSync, inflateSync } from "fflate";
import { isValidLatLon } from "../platform/geodesy.ts";
import { buildGraph, type RoadGraph } from "./graph.ts";
import type { StreetLabel } from "./street-names.ts";

const MAGIC = "LANTSTRT";
export const STREET_GRAPH_VERSION = 1;
const PREFIX_BYTES = 20;
const COORD_SCALE = 1e6;
/** Every node and edge costs at least one byte per stream, so a count beyond this is a lie. */
const MAX_BODY_BYTES = 1 << 30;

export interface StreetGraphHeader {
  format: "lantern-street-graph";
  nodeCount: number;
  edgeCount: number;
  /** What the graph was converted from, e.g. "OpenStreetMap via OSRM (central Hangzhou)". */
  source: string;
  /** The credit the data's licence requires wherever it is shown. */
  attribution: string;
  licence: string;
  /** Street names in both languages; an edge's name k (≥ 1) is `names[k − 1]`. */
  names: [zh: string, en: string][];
  [key: string]: unknown;
}

export interface StreetGraph {
  graph: RoadGraph;
  /** Per CSR edge: 0 for an unnamed edge, else 1 + the index into `labels`. */
  edgeNames: Uint16Array;
  labels: StreetLabel[];
  header: StreetGraphHeader;
}

export class StreetGraphFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "StreetGraphFileError";
  }
}

class Writer {
  private bytes = new Uint8Array(1 << 16);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  varint(x: number): void {
    if (!Number.isSafeInteger(x) || x < 0) throw new RangeError(`varint out of range: ${x}`);
    this.room(8);
    while (x >= 0x80) {
      this.bytes[this.length++] = (x % 0x80) | 0x80;
      x = Math.floor(x / 0x80);
    }
    this.bytes[this.length++] = x;
  }

  signed(x: number): void {
    this.varint(x >= 0 ? x * 2 : -x * 2 - 1);
  }

  raw(data: Uint8Array): void {
    this.room(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  done(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

const quantise = (x: number, scale: number) => Math.round(x * scale);

export function encodeStreetGraph(
  sg: Omit<StreetGraph, "header"> & { header: Omit<StreetGraphHeader, "format" | "nodeCount" | "edgeCount" | "names"> },
): Uint8Array {
  const { graph: g, edgeNames, labels } = sg;
  if (edgeNames.length !== g.edgeCount) throw new RangeError(`${edgeNames.length} edge names for ${g.edgeCount} edges`);
  const header = {
    ...(sg.header as StreetGraphHeader),
    format: "lantern-street-graph",
    nodeCount: g.nodeCount,
    edgeCount: g.edgeCount,
    names: labels.map((l) => [l.zh, l.en]),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const w = new Writer();
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, json.length, true);
  w.raw(len);
  w.raw(json);
  let prev = 0;
  for (let v = 0; v < g.nodeCount; v++) {
    if (!Number.isSafeInteger(g.nodeIds[v])) throw new RangeError(`node id ${g.nodeIds[v]} is not an integer`);
    w.signed(g.nodeIds[v] - prev);
    prev = g.nodeIds[v];
  }
  for (const coord of [g.lat, g.lon]) {
    prev = 0;
    for (let v = 0; v < g.nodeCount; v++) {
      const q = quantise(coord[v], COORD_SCALE);
      w.signed(q - prev);
      prev = q;
    }
  }
  for (let v = 0; v < g.nodeCount; v++) w.varint(g.firstOut[v + 1] - g.firstOut[v]);
  for (let v = 0; v < g.nodeCount; v++) for (let e = g.firstOut[v]; e < g.firstOut[v + 1]; e++) w.signed(g.target[e] - v);
  for (let e = 0; e < g.edgeCount; e++) w.varint(quantise(g.weight[e], 1 / 100));
  for (let e = 0; e < g.edgeCount; e++) w.varint(quantise(g.length[e], 10));
  for (let e = 0; e < g.edgeCount; e++) {
    if (edgeNames[e] > labels.length) throw new RangeError(`edge ${e} names label ${edgeNames[e]} of ${labels.length}`);
    w.varint(edgeNames[e]);
  }
  const body = w.done();
  const packed = deflateSync(body, { level: 9 });
  const out = new Uint8Array(PREFIX_BYTES + packed.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, STREET_GRAPH_VERSION, true);
  view.setUint32(12, body.length, true);
  view.setUint32(16, crc32(body) >>> 0, true);
  out.set(packed, PREFIX_BYTES);
  return out;
}

/** A cursor over the inflated body that refuses to read past its end. */
class Reader {
  at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly fail: (problem: string) => never,
  ) {}

  varint(what: string): number {
    let x = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      if (this.at >= this.bytes.length) this.fail(`ends inside the ${what} stream`);
      if (i > 7) this.fail(`a ${what} value is longer than any number it may hold`);
      const b = this.bytes[this.at++];
      x += (b & 0x7f) * scale;
      if (b < 0x80) return x;
      scale *= 0x80;
    }
  }

  signed(what: string): number {
    const z = this.varint(what);
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  get left(): number {
    return this.bytes.length - this.at;
  }
}

export function decodeStreetGraph(bytes: Uint8Array, name = "street graph"): StreetGraph {
  const fail = (problem: string): never => {
    throw new StreetGraphFileError(name, problem);
  };
  if (bytes.length < PREFIX_BYTES) fail(`is ${bytes.length} bytes, too short to be a street graph file`);
  for (let i = 0; i < MAGIC.length; i++)
    if (bytes[i] !== MAGIC.charCodeAt(i)) fail(`is not a street graph file (no "${MAGIC}" at the start)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== STREET_GRAPH_VERSION) fail(`has format version ${version}; this build reads version ${STREET_GRAPH_VERSION}`);
  const bodyLength = view.getUint32(12, true);
  if (bodyLength > MAX_BODY_BYTES) fail(`claims a body of ${bodyLength} bytes, more than a street graph may hold`);
  let body: Uint8Array;
  try {
    body = inflateSync(bytes.subarray(PREFIX_BYTES), { out: new Uint8Array(bodyLength) });
  } catch (err) {
    return fail(`its compressed body is damaged (${(err as Error).message})`);
  }
  // fflate fills the buffer it is given and returns a shorter view when the stream ends early.
  if (body.length !== bodyLength) fail(`is truncated: its body inflates to ${body.length} of ${bodyLength} bytes`);
  if (crc32(body) >>> 0 !== view.getUint32(16, true)) fail("is damaged: the CRC-32 of its body does not match");
  return decodeBody(body, fail);
}

function decodeBody(body: Uint8Array, fail: (problem: string) => never): StreetGraph {
  if (body.length < 4) fail("has no header");
  const jsonLength = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, true);
  if (4 + jsonLength > body.length) fail("ends inside its header");
  let header: StreetGraphHeader;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body.subarray(4, 4 + jsonLength)));
  } catch (err) {
    return fail(`its header is not JSON (${(err as Error).message})`);
  }
  checkHeader(header, fail);
  const { nodeCount: n, edgeCount: m } = header;
  if (4 + jsonLength + 4 * n + 4 * m > body.length) fail(`is too short for ${n} nodes and ${m} edges`);
  const r = new Reader(body.subarray(4 + jsonLength), fail);
  const ids = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  let prev = 0;
  for (let v = 0; v < n; v++) ids[v] = prev += r.signed("node id");
  for (const [coord, what] of [
    [lat, "latitude"],
    [lon, "longitude"],
  ] as const) {
    prev = 0;
    for (let v = 0; v < n; v++) {
      prev += r.signed(what);
      coord[v] = prev / COORD_SCALE;
    }
  }
  for (let v = 0; v < n; v++) if (!isValidLatLon(lat[v], lon[v])) fail(`node ${v} lies outside the earth (lat ${lat[v]}, lon ${lon[v]})`);
  const from = new Int32Array(m);
  let e = 0;
  for (let v = 0; v < n; v++) {
    const degree = r.varint("out-degree");
    if (e + degree > m) fail(`its out-degrees add up to more than its ${m} edges`);
    from.fill(v, e, e + degree);
    e += degree;
  }
  if (e !== m) fail(`its out-degrees add up to ${e} edges, not ${m}`);
  const to = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const t = from[k] + r.signed("target");
    if (t < 0 || t >= n) fail(`edge ${k} leads to node ${t}, outside 0…${n - 1}`);
    if (t === from[k]) fail(`edge ${k} is a loop on node ${t}`);
    to[k] = t;
  }
  const weightMs = new Int32Array(m);
  for (let k = 0; k < m; k++) weightMs[k] = r.varint("travel time") * 100;
  const lengthM = new Float32Array(m);
  for (let k = 0; k < m; k++) lengthM[k] = r.varint("length") / 10;
  const edgeNames = new Uint16Array(m);
  for (let k = 0; k < m; k++) {
    const x = r.varint("name");
    if (x > header.names.length) fail(`edge ${k} has name ${x}, but the name table has ${header.names.length}`);
    edgeNames[k] = x;
  }
  if (r.left !== 0) fail(`has ${r.left} bytes after its last stream`);
  // Edges are stored node by node, so buildGraph keeps their order: edge k is CSR edge k.
  const graph = buildGraph({ ids, lat, lon }, { from, to, weightMs, lengthM });
  const labels = header.names.map(([zh, en]) => ({ zh, en }));
  return { graph, edgeNames, labels, header };
}

function checkHeader(h: StreetGraphHeader, fail: (problem: string) => never): void {
  if (typeof h !== "object" || h === null || h.format !== "lantern-street-graph") fail("its header is not a street graph header");
  const count = (x: unknown) => typeof x === "number" && Number.isInteger(x) && x >= 0 && x < MAX_BODY_BYTES;
  if (!count(h.nodeCount) || !count(h.edgeCount)) fail("its header's node or edge count is not a count");
  if (typeof h.attribution !== "string" || typeof h.source !== "string") fail("its header lacks its source or attribution");
  if (!Array.isArray(h.names) || h.names.length >= 0xffff) fail("its header's name table is not a list");
  h.names.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string" || pair[0] === "")
      fail(`its name ${i + 1} is not a [zh, en] pair`);
  });
}

export function readStreetGraphFile(path: string): { sg: StreetGraph; bytes: Uint8Array } {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new StreetGraphFileError(path, `cannot read street graph file (${(err as Error).message})`);
  }
  return { sg: decodeStreetGraph(bytes, path), bytes };
}
