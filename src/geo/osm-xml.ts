/**
 * A small reader for OSM XML (.osm, also gzip- or bzip2-compressed). OSM XML is flat and
 * regular, so a tag scanner is enough: <node>, <way> with <nd ref> and <tag k v>.
 */
import { gunzipSync } from "node:zlib";
import Bunzip from "seek-bzip";
import type { OsmSink } from "./osm-model.ts";
import { OsmFormatError } from "./osm-pbf.ts";

export function decompressOsmXml(data: Uint8Array): string {
  if (data.byteLength === 0) throw new OsmFormatError("file is empty");
  let bytes = data;
  try {
    if (data[0] === 0x1f && data[1] === 0x8b) bytes = gunzipSync(data);
    else if (data[0] === 0x42 && data[1] === 0x5a && data[2] === 0x68) bytes = Bunzip.decode(data, undefined, true);
  } catch (err) {
    throw new OsmFormatError(`corrupt or truncated compressed data (${(err as Error).message})`);
  }
  return new TextDecoder().decode(bytes);
}

const TOKEN = /<(node|way|nd|tag|relation)\b([^>]*?)(\/?)>|<\/(node|way|relation)>/g;
const ATTR = /([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(s); m; m = ATTR.exec(s)) out[m[1]] = decodeEntities(m[2] ?? m[3] ?? "");
  return out;
}

function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
}

export function readOsmXml(text: string, sink: OsmSink): void {
  const head = text.slice(0, 2000);
  if (!/<osm[\s>]/.test(head)) throw new OsmFormatError("not OSM XML (no <osm> root element near the start)");
  if (!/<\/osm>\s*$/.test(text.slice(-200))) throw new OsmFormatError("truncated: the file does not end with </osm>");
  let wayId = -1;
  let refs: number[] = [];
  let tags: Record<string, string> = {};
  let inRelation = false;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    const name = m[1];
    if (name === undefined) {
      if (m[4] === "way" && wayId >= 0) {
        if (tags.highway) sink.way(wayId, refs, tags);
        wayId = -1;
      } else if (m[4] === "relation") inRelation = false;
      continue;
    }
    if (inRelation) continue;
    if (name === "node") {
      const a = attributes(m[2]);
      const id = Number(a.id);
      const lat = Number(a.lat);
      const lon = Number(a.lon);
      // Deleted or redacted nodes in some exports have no coordinates; they cannot be routed over.
      if (Number.isFinite(id) && Number.isFinite(lat) && Number.isFinite(lon)) sink.node(id, lat, lon);
    } else if (name === "way") {
      wayId = Number(attributes(m[2]).id);
      refs = [];
      tags = {};
      if (m[3] === "/") wayId = -1;
    } else if (name === "nd" && wayId >= 0) {
      const ref = Number(attributes(m[2]).ref);
      if (Number.isFinite(ref)) refs.push(ref);
    } else if (name === "tag" && wayId >= 0) {
      const a = attributes(m[2]);
      if (a.k !== undefined && a.v !== undefined) tags[a.k] = a.v;
    } else if (name === "relation" && m[3] !== "/") inRelation = true;
  }
}
