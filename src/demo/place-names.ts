/**
 * English names for the demo's real towns and communities, whose division codes come with Chinese
 * names only: the stem in pinyin, the kind of place translated, as Chinese maps write them in
 * English ("湖滨街道" → "Hubin Subdistrict", "长庆社区" → "Changqing Community").
 */
import { pinyin } from "pinyin-pro";

/** Longest first, so "社区居委会" is not read as "…居委会". */
const KINDS: [string, string][] = [
  ["社区居委会", "Community"],
  ["村委会", "Village"],
  ["居委会", "Community"],
  ["街道", "Subdistrict"],
  ["社区", "Community"],
  ["镇", "Town"],
  ["乡", "Township"],
  ["村", "Village"],
];

export function placeNameEn(zh: string): string {
  const kind = KINDS.find(([suffix]) => zh.endsWith(suffix) && zh.length > suffix.length);
  const stem = kind ? zh.slice(0, -kind[0].length) : zh;
  const syllables = pinyin(stem, { toneType: "none", type: "array", nonZh: "consecutive" }).join("");
  const romanised = syllables.charAt(0).toUpperCase() + syllables.slice(1);
  return kind ? `${romanised} ${kind[1]}` : romanised;
}
