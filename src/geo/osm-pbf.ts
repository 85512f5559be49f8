/**
 * A small reader for the OSM PBF format (https://wiki.openstreetmap.org/wiki/PBF_Format):
 * length-prefixed BlobHeader/Blob pairs, zlib-compressed PrimitiveBlocks with dense nodes and
 * ways. Only what a road graph needs is decoded; relations and metadata are skipped.
 */
import { inflateSync } from "node:zlib";
import Pbf from "pbf";
import type { OsmSink } from "./osm-model.ts";

export class OsmFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OsmFormatError";
  }
}

const SUPPORTED_FEATURES = new Set(["OsmSchema-V0.6", "DenseNodes"]);
const MAX_HEADER = 64 * 1024;
const MAX_BLOB = 32 * 1024 * 1024;

export function readOsmPbf(data: Uint8Array, sink: OsmSink): void {
  try {
    readBlocks(data, sink);
  } catch (err) {
    if (err instanceof OsmFormatError) throw err;
    // The protobuf decoder throws on impossible wire types or reads past the end: garbage input.
    throw new OsmFormatError(`corrupt protobuf data (${(err as Error).message})`);
  }
}

function readBlocks(data: Uint8Array, sink: OsmSink): void {
  if (data.byteLength === 0) throw new OsmFormatError("file is empty");
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  let blocks = 0;
  while (pos < data.byteLength) {
    if (pos + 4 > data.byteLength) throw new OsmFormatError(`truncated: ${data.byteLength - pos} stray bytes at offset ${pos}`);
    const headerLength = view.getUint32(pos);
    pos += 4;
    if (headerLength > MAX_HEADER)
      throw new OsmFormatError(`blob header of ${headerLength} bytes at offset ${pos - 4}: not an OSM PBF file`);
    if (pos + headerLength > data.byteLength) throw new OsmFormatError(`truncated: blob header at offset ${pos} runs past the end`);
    const header = new Pbf(data.subarray(pos, pos + headerLength)).readFields(
      (tag, h: { type: string; size: number }, p) => {
        if (tag === 1) h.type = p.readString();
        else if (tag === 3) h.size = p.readVarint();
      },
      { type: "", size: -1 },
    );
    pos += headerLength;
    if (!header.type || header.size < 0 || header.size > MAX_BLOB)
      throw new OsmFormatError(`malformed blob header at offset ${pos - headerLength} (type "${header.type}", size ${header.size})`);
    if (pos + header.size > data.byteLength)
      throw new OsmFormatError(
        `truncated: ${header.type} blob at offset ${pos} needs ${header.size} bytes, ${data.byteLength - pos} remain`,
      );
    const blob = decodeBlob(data.subarray(pos, pos + header.size), pos);
    pos += header.size;
    if (header.type === "OSMHeader") checkHeader(blob);
    else if (header.type === "OSMData") readPrimitiveBlock(blob, sink);
    blocks++;
  }
  if (blocks === 0) throw new OsmFormatError("no blocks");
}

function decodeBlob(bytes: Uint8Array, offset: number): Uint8Array {
  const blob = new Pbf(bytes).readFields(
    (tag, b: { raw: Uint8Array | null; zlib: Uint8Array | null; rawSize: number; other: number }, p) => {
      if (tag === 1) b.raw = p.readBytes();
      else if (tag === 2) b.rawSize = p.readVarint();
      else if (tag === 3) b.zlib = p.readBytes();
      else if (tag >= 4 && tag <= 7) {
        b.other = tag;
        p.readBytes();
      }
    },
    { raw: null, zlib: null, rawSize: -1, other: 0 },
  );
  if (blob.raw) return blob.raw;
  if (blob.zlib) {
    try {
      return inflateSync(blob.zlib);
    } catch (err) {
      throw new OsmFormatError(`corrupt zlib data in blob at offset ${offset} (${(err as Error).message})`);
    }
  }
  if (blob.other)
    throw new OsmFormatError(`blob at offset ${offset} uses an unsupported compression (field ${blob.other}); re-encode with zlib`);
  throw new OsmFormatError(`blob at offset ${offset} has no data`);
}

function checkHeader(bytes: Uint8Array): void {
  const required: string[] = [];
  new Pbf(bytes).readFields((tag, r: string[], p) => {
    if (tag === 4) r.push(p.readString());
  }, required);
  for (const f of required) if (!SUPPORTED_FEATURES.has(f)) throw new OsmFormatError(`unsupported required feature "${f}"`);
}

interface Block {
  strings: string[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
  groups: Uint8Array[];
}

function readPrimitiveBlock(bytes: Uint8Array, sink: OsmSink): void {
  const block = new Pbf(bytes).readFields(
    (tag, b: Block, p) => {
      if (tag === 1) {
        const end = p.readVarint() + p.pos;
        while (p.pos < end) {
          const t = p.readVarint();
          if (t >> 3 === 1) b.strings.push(p.readString());
          else p.skip(t);
        }
      } else if (tag === 2) b.groups.push(p.readBytes());
      else if (tag === 17) b.granularity = p.readVarint();
      else if (tag === 19) b.latOffset = p.readVarint(true);
      else if (tag === 20) b.lonOffset = p.readVarint(true);
    },
    { strings: [], granularity: 100, latOffset: 0, lonOffset: 0, groups: [] },
  );
  for (const group of block.groups) {
    const p = new Pbf(group);
    p.readFields((tag, _r: null, q) => {
      if (tag === 1) readNode(q, block, sink);
      else if (tag === 2) readDense(q, block, sink);
      else if (tag === 3) readWay(q, block, sink);
    }, null);
  }
}

function coord(block: Block, offset: number, value: number): number {
  return 1e-9 * (offset + block.granularity * value);
}

function readNode(p: Pbf, block: Block, sink: OsmSink): void {
  const n = p.readMessage(
    (tag, r: { id: number; lat: number; lon: number }, q) => {
      if (tag === 1) r.id = q.readSVarint();
      else if (tag === 8) r.lat = q.readSVarint();
      else if (tag === 9) r.lon = q.readSVarint();
    },
    { id: 0, lat: 0, lon: 0 },
  );
  sink.node(n.id, coord(block, block.latOffset, n.lat), coord(block, block.lonOffset, n.lon));
}

function readDense(p: Pbf, block: Block, sink: OsmSink): void {
  const d = p.readMessage(
    (tag, r: { ids: number[]; lats: number[]; lons: number[] }, q) => {
      if (tag === 1) q.readPackedSVarint(r.ids);
      else if (tag === 8) q.readPackedSVarint(r.lats);
      else if (tag === 9) q.readPackedSVarint(r.lons);
    },
    { ids: [], lats: [], lons: [] },
  );
  if (d.lats.length !== d.ids.length || d.lons.length !== d.ids.length)
    throw new OsmFormatError("dense nodes with mismatched id/lat/lon counts");
  let id = 0;
  let lat = 0;
  let lon = 0;
  for (let i = 0; i < d.ids.length; i++) {
    id += d.ids[i];
    lat += d.lats[i];
    lon += d.lons[i];
    sink.node(id, coord(block, block.latOffset, lat), coord(block, block.lonOffset, lon));
  }
}

function readWay(p: Pbf, block: Block, sink: OsmSink): void {
  const w = p.readMessage(
    (tag, r: { id: number; keys: number[]; vals: number[]; refs: number[] }, q) => {
      if (tag === 1) r.id = q.readVarint();
      else if (tag === 2) q.readPackedVarint(r.keys);
      else if (tag === 3) q.readPackedVarint(r.vals);
      else if (tag === 8) q.readPackedSVarint(r.refs);
    },
    { id: 0, keys: [], vals: [], refs: [] },
  );
  const tags: Record<string, string> = {};
  for (let i = 0; i < w.keys.length; i++) {
    const k = block.strings[w.keys[i]];
    const v = block.strings[w.vals[i]];
    if (k === undefined || v === undefined) throw new OsmFormatError(`way ${w.id} refers to a missing string`);
    tags[k] = v;
  }
  if (!tags.highway) return;
  let ref = 0;
  for (let i = 0; i < w.refs.length; i++) {
    ref += w.refs[i];
    w.refs[i] = ref;
  }
  sink.way(w.id, w.refs, tags);
}
