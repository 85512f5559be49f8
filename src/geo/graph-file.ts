/**
 * The `.lgr` road graph file: the base graph and its contraction hierarchy, so start-up reads
 * one file and does no preprocessing. All numbers are little-endian.
 *
 *   0  8 bytes  magic "LANTGRPH"
 *   8  u32      format version (1)
 *  12  u32      section count
 *  16  u32      node count
 *  20  u32      edge count
 *  24  u32      CRC-32 of every byte from offset 64 to the end of the file
 *  28  u32      flags (bit 0: a contraction hierarchy is present)
 *  32  32 bytes reserved (zero)
 *  64  section table, 24 bytes per section: u32 id, u32 element type, f64 offset, f64 byte length
 *      then the sections, each starting on an 8-byte boundary so they load as typed-array views.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import type { ContractionHierarchy } from "./ch.ts";
import { buildReverse, type RoadGraph } from "./graph.ts";

const MAGIC = "LANTGRPH";
export const GRAPH_FILE_VERSION = 1;
const HEADER_BYTES = 64;
const ENTRY_BYTES = 24;

type Typed = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;
const TYPES = [Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array] as const;

const SECTIONS = [
  "nodeIds",
  "lat",
  "lon",
  "firstOut",
  "target",
  "weight",
  "length",
  "geomFirst",
  "geomLat",
  "geomLon",
  "rank",
  "upFirst",
  "upTarget",
  "upWeight",
  "upMiddle",
  "downFirst",
  "downTarget",
  "downWeight",
  "downMiddle",
  "metadata",
  "geomIds",
] as const;
type SectionName = (typeof SECTIONS)[number];

export interface GraphFileMetadata {
  /** What the graph was built from, e.g. "osm:monaco.osm.pbf" or "synthetic:30000:seed=1". */
  source: string;
  createdAt: string;
  components?: number;
  droppedNodes?: number;
  [key: string]: unknown;
}

export interface GraphFile {
  graph: RoadGraph;
  ch: ContractionHierarchy | null;
  metadata: GraphFileMetadata;
}

export class GraphFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "GraphFileError";
  }
}

export function encodeGraphFile(file: GraphFile): Uint8Array {
  const { graph: g, ch } = file;
  const parts: [SectionName, Typed][] = [
    ["nodeIds", g.nodeIds],
    ["lat", g.lat],
    ["lon", g.lon],
    ["firstOut", g.firstOut],
    ["target", g.target],
    ["weight", g.weight],
    ["length", g.length],
    ["geomFirst", g.geomFirst],
    ["geomLat", g.geomLat],
    ["geomLon", g.geomLon],
    ["geomIds", g.geomIds],
  ];
  if (ch) {
    parts.push(
      ["rank", ch.rank],
      ["upFirst", ch.upFirst],
      ["upTarget", ch.upTarget],
      ["upWeight", ch.upWeight],
      ["upMiddle", ch.upMiddle],
      ["downFirst", ch.downFirst],
      ["downTarget", ch.downTarget],
      ["downWeight", ch.downWeight],
      ["downMiddle", ch.downMiddle],
    );
  }
  parts.push(["metadata", new TextEncoder().encode(JSON.stringify(file.metadata))]);
  let offset = align8(HEADER_BYTES + parts.length * ENTRY_BYTES);
  const offsets: number[] = [];
  for (const [, data] of parts) {
    offsets.push(offset);
    offset = align8(offset + data.byteLength);
  }
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, GRAPH_FILE_VERSION, true);
  view.setUint32(12, parts.length, true);
  view.setUint32(16, g.nodeCount, true);
  view.setUint32(20, g.edgeCount, true);
  view.setUint32(28, ch ? 1 : 0, true);
  parts.forEach(([name, data], i) => {
    const at = HEADER_BYTES + i * ENTRY_BYTES;
    view.setUint32(at, SECTIONS.indexOf(name), true);
    view.setUint32(
      at + 4,
      TYPES.findIndex((T) => data instanceof T),
      true,
    );
    view.setFloat64(at + 8, offsets[i], true);
    view.setFloat64(at + 16, data.byteLength, true);
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), offsets[i]);
  });
  view.setUint32(24, crc32(bytes.subarray(HEADER_BYTES)), true);
  return bytes;
}

/** Writes atomically (temporary file + rename), so a crash never leaves a half-written graph. */
export function writeGraphFile(path: string, file: GraphFile): number {
  const bytes = encodeGraphFile(file);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  return bytes.byteLength;
}

export function readGraphFile(path: string): GraphFile {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new GraphFileError(path, `cannot read graph file (${(err as Error).message})`);
  }
  return decodeGraphFile(buf, path);
}

export function decodeGraphFile(input: Uint8Array, name = "graph file"): GraphFile {
  // Typed-array views need aligned offsets; a pooled Buffer may not be, so copy only then.
  const bytes = input.byteOffset % 8 === 0 ? input : new Uint8Array(input);
  const fail = (problem: string): never => {
    throw new GraphFileError(name, problem);
  };
  if (bytes.byteLength === 0) fail("file is empty");
  if (bytes.byteLength < HEADER_BYTES) fail(`truncated: ${bytes.byteLength} bytes, shorter than the ${HEADER_BYTES}-byte header`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) fail("not a Lantern graph file (bad magic bytes)");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== GRAPH_FILE_VERSION) fail(`unsupported format version ${version} (this build reads ${GRAPH_FILE_VERSION})`);
  const sectionCount = view.getUint32(12, true);
  const n = view.getUint32(16, true);
  const m = view.getUint32(20, true);
  const tableEnd = HEADER_BYTES + sectionCount * ENTRY_BYTES;
  if (sectionCount > 64 || tableEnd > bytes.byteLength) fail("truncated: section table runs past the end of the file");
  const sections = new Map<SectionName, Typed>();
  const entries: [SectionName, (typeof TYPES)[number], number, number][] = [];
  let lastEnd = tableEnd;
  for (let i = 0; i < sectionCount; i++) {
    const at = HEADER_BYTES + i * ENTRY_BYTES;
    const id = view.getUint32(at, true);
    const type = view.getUint32(at + 4, true);
    const offset = view.getFloat64(at + 8, true);
    const length = view.getFloat64(at + 16, true);
    const sectionName = SECTIONS[id];
    const T = TYPES[type];
    if (!sectionName || !T) fail(`unknown section ${id} or element type ${type}`);
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      offset < tableEnd ||
      length < 0 ||
      offset % 8 !== 0 ||
      length % T.BYTES_PER_ELEMENT !== 0
    )
      fail(`section ${sectionName} has a malformed offset or length`);
    if (offset + length > bytes.byteLength)
      fail(`truncated: section ${sectionName} ends at byte ${offset + length}, file has ${bytes.byteLength}`);
    lastEnd = Math.max(lastEnd, offset + length);
    entries.push([sectionName, T, offset, length]);
  }
  if (align8(lastEnd) !== bytes.byteLength) fail(`size mismatch: expected ${align8(lastEnd)} bytes, file has ${bytes.byteLength}`);
  const expected = view.getUint32(24, true);
  const actual = crc32(bytes.subarray(HEADER_BYTES));
  if (expected !== actual) fail(`checksum mismatch (stored ${hex(expected)}, computed ${hex(actual)}): the file is corrupt`);
  for (const [sectionName, T, offset, length] of entries) {
    sections.set(sectionName, new T(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, length / T.BYTES_PER_ELEMENT));
  }

  const get = <T extends Typed>(section: SectionName, T: { new (...a: never[]): T }, count: number): T => {
    const data = sections.get(section);
    if (!data) return fail(`missing section ${section}`);
    if (!(data instanceof T)) return fail(`section ${section} has the wrong element type`);
    if (count >= 0 && data.length !== count) fail(`section ${section} has ${data.length} entries, expected ${count}`);
    return data as T;
  };
  const graph: RoadGraph = {
    nodeCount: n,
    edgeCount: m,
    nodeIds: get("nodeIds", Float64Array, n),
    lat: get("lat", Float64Array, n),
    lon: get("lon", Float64Array, n),
    firstOut: get("firstOut", Int32Array, n + 1),
    target: get("target", Int32Array, m),
    weight: get("weight", Int32Array, m),
    length: get("length", Float32Array, m),
    geomFirst: get("geomFirst", Uint32Array, m + 1),
    geomLat: get("geomLat", Float64Array, -1),
    geomLon: get("geomLon", Float64Array, -1),
    geomIds: sections.has("geomIds") ? get("geomIds", Float64Array, -1) : new Float64Array(0),
    firstIn: new Int32Array(0),
    inEdge: new Int32Array(0),
    inSource: new Int32Array(0),
  };
  checkCsr(graph.firstOut, graph.target, n, name, "base graph");
  if (graph.geomLat.length !== graph.geomFirst[m] || graph.geomLon.length !== graph.geomFirst[m])
    fail("geometry sections disagree with geomFirst");
  if (graph.geomIds.length !== 0 && graph.geomIds.length !== graph.geomFirst[m]) fail("geomIds disagrees with geomFirst");
  buildReverse(graph);
  let ch: ContractionHierarchy | null = null;
  if (view.getUint32(28, true) & 1) {
    const upFirst = get("upFirst", Int32Array, n + 1);
    const downFirst = get("downFirst", Int32Array, n + 1);
    const up = upFirst[n];
    const down = downFirst[n];
    ch = {
      nodeCount: n,
      rank: get("rank", Int32Array, n),
      upFirst,
      upTarget: get("upTarget", Int32Array, up),
      upWeight: get("upWeight", Int32Array, up),
      upMiddle: get("upMiddle", Int32Array, up),
      downFirst,
      downTarget: get("downTarget", Int32Array, down),
      downWeight: get("downWeight", Int32Array, down),
      downMiddle: get("downMiddle", Int32Array, down),
    };
    checkCsr(ch.upFirst, ch.upTarget, n, name, "hierarchy up");
    checkCsr(ch.downFirst, ch.downTarget, n, name, "hierarchy down");
  }
  let metadata: GraphFileMetadata;
  try {
    metadata = JSON.parse(new TextDecoder().decode(get("metadata", Uint8Array, -1)));
  } catch {
    return fail("metadata section is not valid JSON");
  }
  return { graph, ch, metadata };
}

/** Cheap structural check so a well-formed but inconsistent file cannot crash a query. */
function checkCsr(first: Int32Array, target: Int32Array, n: number, name: string, what: string): void {
  if (first[0] !== 0 || first[n] !== target.length) throw new GraphFileError(name, `${what}: offsets do not match edge count`);
  for (let v = 0; v < n; v++) {
    if (first[v + 1] < first[v]) throw new GraphFileError(name, `${what}: offsets decrease at node ${v}`);
  }
  for (let i = 0; i < target.length; i++) {
    if (target[i] < 0 || target[i] >= n) throw new GraphFileError(name, `${what}: edge ${i} points to missing node ${target[i]}`);
  }
}

function align8(x: number): number {
  return Math.ceil(x / 8) * 8;
}

function hex(x: number): string {
  return `0x${x.toString(16).padStart(8, "0")}`;
}
