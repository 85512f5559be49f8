/**
 * CSV road graphs: `nodes.csv` (id, lon, lat) and `edges.csv` (from, to, duration_s, length_m).
 * The seed data's column names (node_idx / from_idx / to_idx) are accepted too. Any bad row
 * stops the import with the file and line, and nothing is produced.
 */
import { readFileSync } from "node:fs";
import { isValidLatLon } from "../platform/geodesy.ts";
import { largestComponent } from "./components.ts";
import { buildGraph, type RoadGraph } from "./graph.ts";

export class ImportError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    problem: string,
  ) {
    super(line === null ? `${file}: ${problem}` : `${file}:${line}: ${problem}`);
    this.name = "ImportError";
  }
}

export interface ImportResult {
  graph: RoadGraph;
  /** Strongly connected components in the input. */
  components: number;
  /** Nodes left out because they are not in the largest component. */
  droppedNodes: number;
  inputNodes: number;
  inputEdges: number;
}

const NODE_ID = ["id", "node_idx", "node_id"];
const FROM = ["from", "from_idx", "source"];
const TO = ["to", "to_idx", "target"];

export function importCsvFiles(nodesPath: string, edgesPath: string): ImportResult {
  return importCsv(readText(nodesPath), readText(edgesPath), nodesPath, edgesPath);
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new ImportError(path, null, `cannot read file (${(err as Error).message})`);
  }
}

export function importCsv(nodesText: string, edgesText: string, nodesName = "nodes.csv", edgesName = "edges.csv"): ImportResult {
  const { nodes, edges } = parseCsvGraph(nodesText, edgesText, nodesName, edgesName);
  const full = buildGraph(nodes, edges);
  const { graph, components, droppedNodes } = largestComponent(full);
  return { graph, components, droppedNodes, inputNodes: nodes.ids.length, inputEdges: edges.from.length };
}

/** The rows of a CSV graph, checked, in file order (edges as node indexes), before any graph is built. */
export interface CsvGraph {
  nodes: { ids: number[]; lat: number[]; lon: number[] };
  edges: { from: number[]; to: number[]; weightMs: number[]; lengthM: number[] };
}

export function parseCsvGraph(nodesText: string, edgesText: string, nodesName = "nodes.csv", edgesName = "edges.csv"): CsvGraph {
  const nodeRows = csvRows(nodesText, nodesName);
  const idCol = csvColumn(nodeRows.header, NODE_ID, nodesName);
  const lonCol = csvColumn(nodeRows.header, ["lon", "lng", "longitude"], nodesName);
  const latCol = csvColumn(nodeRows.header, ["lat", "latitude"], nodesName);
  const ids: number[] = [];
  const lat: number[] = [];
  const lon: number[] = [];
  const index = new Map<number, number>();
  for (const [line, cells] of nodeRows.body) {
    const id = csvNumber(cells[idCol], nodesName, line, "id");
    const x = csvNumber(cells[lonCol], nodesName, line, "lon");
    const y = csvNumber(cells[latCol], nodesName, line, "lat");
    if (!isValidLatLon(y, x)) throw new ImportError(nodesName, line, `coordinates out of range: lat ${y}, lon ${x}`);
    if (index.has(id)) throw new ImportError(nodesName, line, `duplicate node id ${id}`);
    index.set(id, ids.length);
    ids.push(id);
    lat.push(y);
    lon.push(x);
  }
  if (ids.length === 0) throw new ImportError(nodesName, null, "no nodes (only a header)");

  const edgeRows = csvRows(edgesText, edgesName);
  const fromCol = csvColumn(edgeRows.header, FROM, edgesName);
  const toCol = csvColumn(edgeRows.header, TO, edgesName);
  const durCol = csvColumn(edgeRows.header, ["duration_s", "duration", "seconds"], edgesName);
  const lenCol = csvColumn(edgeRows.header, ["length_m", "length", "meters"], edgesName);
  const from: number[] = [];
  const to: number[] = [];
  const weightMs: number[] = [];
  const lengthM: number[] = [];
  for (const [line, cells] of edgeRows.body) {
    const a = csvNumber(cells[fromCol], edgesName, line, "from");
    const b = csvNumber(cells[toCol], edgesName, line, "to");
    const u = index.get(a);
    const v = index.get(b);
    if (u === undefined) throw new ImportError(edgesName, line, `unknown node id ${a} (not in ${nodesName})`);
    if (v === undefined) throw new ImportError(edgesName, line, `unknown node id ${b} (not in ${nodesName})`);
    const seconds = csvNumber(cells[durCol], edgesName, line, "duration_s");
    if (seconds < 0) throw new ImportError(edgesName, line, `negative duration ${seconds}`);
    const meters = csvNumber(cells[lenCol], edgesName, line, "length_m");
    if (meters < 0) throw new ImportError(edgesName, line, `negative length ${meters}`);
    if (seconds * 1000 > 2 ** 30) throw new ImportError(edgesName, line, `duration ${seconds} s is implausibly long for one road`);
    from.push(u);
    to.push(v);
    weightMs.push(Math.round(seconds * 1000));
    lengthM.push(meters);
  }
  if (from.length === 0) throw new ImportError(edgesName, null, "no edges (only a header)");
  return { nodes: { ids, lat, lon }, edges: { from, to, weightMs, lengthM } };
}

/** A CSV file's lowered header and its non-blank rows with their line numbers; a short row is refused with its line. */
export function csvRows(text: string, name: string): { header: string[]; body: Generator<[number, string[]]> } {
  const lines = text.split(/\r?\n/);
  let start = 0;
  while (start < lines.length && lines[start].trim() === "") start++;
  if (start === lines.length) throw new ImportError(name, null, "file is empty");
  const header = lines[start]
    .replace(/^\uFEFF/, "")
    .split(",")
    .map((h) => h.trim().toLowerCase());
  function* body(): Generator<[number, string[]]> {
    for (let i = start + 1; i < lines.length; i++) {
      if (lines[i].trim() === "") continue;
      const cells = lines[i].split(",");
      if (cells.length < header.length) throw new ImportError(name, i + 1, `expected ${header.length} columns, found ${cells.length}`);
      yield [i + 1, cells];
    }
  }
  return { header, body: body() };
}

/** The index of the first of `names` in the header, or an ImportError naming the file. */
export function csvColumn(header: string[], names: string[], file: string): number {
  for (const n of names) {
    const i = header.indexOf(n);
    if (i >= 0) return i;
  }
  throw new ImportError(file, 1, `missing column ${names.join(" or ")} (header: ${header.join(",")})`);
}

/** A cell as a finite number, or an ImportError with the file, line and what it was meant to be. */
export function csvNumber(cell: string | undefined, file: string, line: number, what: string): number {
  const x = Number(cell?.trim());
  if (cell === undefined || cell.trim() === "" || !Number.isFinite(x))
    throw new ImportError(file, line, `${what} is not a number: ${JSON.stringify(cell)}`);
  return x;
}
