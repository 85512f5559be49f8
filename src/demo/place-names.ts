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

/**
 * The kinds of road, longest first, as Chinese street signs write them in English: "文三路" →
 * "Wensan Road", "中山北路" → "Zhongshan North Road". A kind marked `of` names a structure on
 * another road and keeps that road's English name: "文一路隧道" → "Wenyi Road Tunnel".
 */
const ROAD_KINDS: { zh: string; en: string; of?: true }[] = [
  { zh: "高架路", en: "Elevated Road" },
  { zh: "东大道", en: "East Avenue" },
  { zh: "西大道", en: "West Avenue" },
  { zh: "南大道", en: "South Avenue" },
  { zh: "北大道", en: "North Avenue" },
  { zh: "南隧道", en: "South Tunnel", of: true },
  { zh: "北隧道", en: "North Tunnel", of: true },
  { zh: "东路", en: "East Road" },
  { zh: "西路", en: "West Road" },
  { zh: "南路", en: "South Road" },
  { zh: "北路", en: "North Road" },
  { zh: "中路", en: "Middle Road" },
  { zh: "大道", en: "Avenue" },
  { zh: "大街", en: "Street" },
  { zh: "隧道", en: "Tunnel", of: true },
  { zh: "高架", en: "Viaduct", of: true },
  { zh: "立交", en: "Interchange", of: true },
  { zh: "支线", en: "Branch", of: true },
  { zh: "高速", en: "Expressway" },
  { zh: "路", en: "Road" },
  { zh: "街", en: "Street" },
  { zh: "巷", en: "Lane" },
  { zh: "弄", en: "Alley" },
  { zh: "大桥", en: "Bridge" },
  { zh: "桥", en: "Bridge" },
];

const NUMERALS = "一二三四五六七八九十";
const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;

/** Names that are no place name but a purpose; pinyin of them would read as nonsense. */
const ROAD_PURPOSES: Record<string, string> = {
  "公交、右转专用道": "Bus and Right-Turn Lane",
  出租车载客专用: "Taxi Pick-up Lane",
  铁路出发落客平台: "Railway Departures Drop-off",
  在建: "under construction",
};

const romanise = (zh: string): string => {
  const syllables = pinyin(zh, { toneType: "none", type: "array", nonZh: "consecutive", v: false }).join("");
  return syllables.charAt(0).toUpperCase() + syllables.slice(1);
};

/** The English name of a Chinese street name: the stem in pinyin, the kind of road translated. */
export function streetNameEn(zh: string): string {
  const purpose = ROAD_PURPOSES[zh];
  if (purpose) return purpose;
  // "丰登街(沁园路)": both parts are names; the part in brackets keeps its brackets.
  const bracket = /^(.+?)[(（](.+)[)）]$/.exec(zh);
  if (bracket) return `${streetNameEn(bracket[1])} (${streetNameEn(bracket[2])})`;
  // "大关路289弄": the lanes of a road are numbered by their door plate on it.
  const plate = /^(.+[路街巷])(\d+)([弄巷])$/.exec(zh);
  if (plate) return `${plate[3] === "弄" ? "Alley" : "Lane"} ${plate[2]}, ${streetNameEn(plate[1])}`;
  const kind = ROAD_KINDS.find((k) => zh.endsWith(k.zh) && zh.length > k.zh.length);
  if (!kind) return romanise(zh);
  const stem = zh.slice(0, -kind.zh.length);
  // "西园七路" is the seventh of the 西园 roads, "Xiyuan 7th Road"; in "文一路" the numeral is part of a one-syllable stem.
  const numbered = /^(.{2,}?)([一二三四五六七八九十]|十[一二三四五六七八九])$/.exec(stem);
  if (numbered && !kind.of) {
    const n = numbered[2].length === 1 ? NUMERALS.indexOf(numbered[2]) + 1 : 10 + NUMERALS.indexOf(numbered[2][1]) + 1;
    const of = /[路街]$/.test(numbered[1]) ? streetNameEn(numbered[1]) : romanise(numbered[1]);
    return `${of} ${ordinal(n)} ${kind.en}`;
  }
  return `${kind.of ? streetNameEn(stem) : romanise(stem)} ${kind.en}`;
}

/**
 * A street's label from its raw OpenStreetMap `name`: the Chinese part for zh (a few names carry
 * their English after it, "黄龙路 Huanglong Road"), that English where the name has it, else
 * `streetNameEn`. A name in Latin letters only is the same in both languages.
 */
export function streetLabelFromOsm(name: string): { zh: string; en: string } | null {
  const trimmed = name.trim();
  if (trimmed === "") return null;
  const latin = /^(.*?[^\x20-\x7e])\s+([A-Za-z][\x20-\x7e]*)$/.exec(trimmed);
  if (latin) return { zh: latin[1].trim(), en: latin[2].trim() };
  if (/^[\x20-\x7e]+$/.test(trimmed)) return { zh: trimmed, en: trimmed };
  return { zh: trimmed, en: streetNameEn(trimmed) };
}
