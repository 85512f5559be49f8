/**
 * What the simulated city's callers ring about, and how often.
 *
 * The seed article: one station takes 120–130 calls a day, and from January to October 2022,
 * 22,335 of 31,817 calls (70.2 %) were invalid or not police business. It does not split the two,
 * so the split below is ours: about a quarter of all calls invalid (silent, prank, misdial, test)
 * and 45 % valid but not police business, of which most are non-urgent complaints and requests
 * for help for the town governance centres, a few urgent ones the police handle first
 * (联动兜底), and a few government enquiries for the 12345 hotline. The remaining 30 % are police
 * business. The article's other figures set the follow-up outcomes: satisfaction with the police
 * response is 96.11 %.
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { type Box, DEMO_BBOX } from "./city.ts";

export type CallKind = "invalid" | "town" | "fallback" | "hotline" | "police";

/** Shares of all calls; they add up to 1. */
export interface CallMix {
  invalid: number;
  /** Non-urgent non-police: a work order at the town centre whose area contains the place. */
  town: number;
  /** Urgent non-police: the police go first (联动兜底). */
  fallback: number;
  /** Government enquiries and complaints: transferred to 12345. */
  hotline: number;
  police: number;
}

export const CALL_MIX: CallMix = { invalid: 0.25, town: 0.36, fallback: 0.05, hotline: 0.04, police: 0.3 };

/** How the people in the loop behave. */
export interface Behaviour {
  /** Orders a town is slow with: dispatched or on scene after the timer's warning time. */
  lateShare: number;
  /** Orders the assigned worker declines (not nearby, busy); the centre dispatches again. */
  declineShare: number;
  /** Orders offered to the town's team with the skill instead of one worker (first to take it has it). */
  teamOfferShare: number;
  /** Call-backs made early, so the figures move within minutes (see simulate-followups.ts). */
  earlyFollowUpShare: number;
  /** A call-back reaches the caller; one that does not is tried again. */
  reachedShare: number;
  /** A reached caller is satisfied (the article: 96.11 %). */
  satisfiedShare: number;
}

export const BEHAVIOUR: Behaviour = {
  lateShare: 0.1,
  declineShare: 0.05,
  teamOfferShare: 0.25,
  earlyFollowUpShare: 0.7,
  reachedShare: 0.9,
  satisfiedShare: 0.96,
};

export interface CallPlan {
  kind: CallKind;
  categoryCode: string;
  /** The triage labels the call-taker sets. */
  invalidReason?: "silent" | "prank" | "misdial" | "test";
  urgent?: boolean;
  narrative: string;
  location: { lat: number; lon: number; address: string };
}

const STREETS = ["延安路", "解放路", "庆春路", "中河中路", "凤起路", "体育场路", "西湖大道", "南山路", "文三路", "莫干山路"];

type Weighted<T> = [number, T][];

function weighted<T>(rand: () => number, xs: Weighted<T>): T {
  const total = xs.reduce((s, [w]) => s + w, 0);
  let r = rand() * total;
  for (const [w, x] of xs) {
    r -= w;
    if (r < 0) return x;
  }
  return xs[xs.length - 1][1];
}

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const INVALID: Weighted<{ reason: CallPlan["invalidReason"] & string; categoryCode: string; narrative: string[] }> = [
  [40, { reason: "silent", categoryCode: "alarm.suspicious", narrative: ["无声电话，回拨无人接听", "接通后无人说话"] }],
  [25, { reason: "misdial", categoryCode: "alarm.suspicious", narrative: ["误拨，来电人称打错电话", "儿童误拨 110"] }],
  [20, { reason: "prank", categoryCode: "alarm.theft", narrative: ["谎报被盗，核实无此事", "骚扰电话，来电人嬉笑后挂断"] }],
  [15, { reason: "test", categoryCode: "alarm.suspicious", narrative: ["测试电话，新装话机试拨", "报警器安装调试试拨"] }],
];

/** Non-urgent non-police requests; the built-in routing rules send each to a skill (docs/governance.md). */
const TOWN: Weighted<{ categoryCode: string; narrative: string[] }> = [
  [30, { categoryCode: "complaint.noise", narrative: ["楼上装修噪音扰民", "夜间施工噪音", "广场舞音响声音过大"] }],
  [20, { categoryCode: "complaint.obstruction", narrative: ["流动摊贩占道经营", "店外堆放杂物占用人行道"] }],
  [20, { categoryCode: "complaint.dispute", narrative: ["邻居家漏水引发纠纷", "停车位归属纠纷", "楼道堆物引发邻里矛盾"] }],
  [10, { categoryCode: "help.lockout", narrative: ["钥匙锁在屋内，请求帮助联系开锁", "老人忘带钥匙进不了门"] }],
  [10, { categoryCode: "help.lost_property", narrative: ["公交站遗失钱包", "捡到一部手机，寻找失主"] }],
  [10, { categoryCode: "help.rescue", narrative: ["小区井盖缺失，需要处理", "猫被困在树上"] }],
];

const FALLBACK: Weighted<{ categoryCode: string; narrative: string[] }> = [
  [60, { categoryCode: "help.lockout", narrative: ["孩子被反锁在车内", "独居老人被反锁屋内，疑似身体不适"] }],
  [40, { categoryCode: "complaint.obstruction", narrative: ["车辆堵住消防通道，小区有火情隐患"] }],
];

const HOTLINE = ["咨询社保卡补办流程", "投诉小区物业收费", "咨询落户政策", "反映公交线路调整问题"];

/** Police business: every police category but complaints about the police, which go to the commander instead. */
function policeCategories<C extends { code: string; police: boolean }>(categories: readonly C[]): C[] {
  return categories.filter((c) => c.police && c.code !== "complaint.police_conduct");
}

/** A point inside a box, away from its edges (so the town containing it is unambiguous). */
function inside(rand: () => number, b: Box, margin: number) {
  const h = b.maxLat - b.minLat;
  const w = b.maxLon - b.minLon;
  return { lat: b.minLat + h * (margin + rand() * (1 - 2 * margin)), lon: b.minLon + w * (margin + rand() * (1 - 2 * margin)) };
}

/**
 * The next call. Town calls are placed inside a staffed town (the demo staffs only the first
 * towns of each district); with none staffed, they become police calls.
 */
export function planCall(
  rand: () => number,
  opts: {
    mix?: CallMix;
    /** The town's box to draw from, and its area: a town's box is wider than the town. */
    staffedTowns: readonly { nameZh: string; box: Box; polygon?: [number, number][][] | null }[];
    /** Whether a place lies inside the city's areas (the demo box is wider than its districts); any place when absent. */
    inCity?: (lat: number, lon: number) => boolean;
    categories: readonly { code: string; police: boolean; nameZh: string }[];
  },
): CallPlan {
  const mix = opts.mix ?? CALL_MIX;
  let kind = weighted<CallKind>(rand, [
    [mix.invalid, "invalid"],
    [mix.town, "town"],
    [mix.fallback, "fallback"],
    [mix.hotline, "hotline"],
    [mix.police, "police"],
  ]);
  if (kind === "town" && opts.staffedTowns.length === 0) kind = "police";
  const street = () => `${pick(rand, STREETS)}${1 + Math.floor(rand() * 300)}号`;
  // A box is wider than the city's shapes: draw again until the place is inside them.
  const within = (box: Box, margin: number, area?: [number, number][][] | null) => {
    const ok = (p: { lat: number; lon: number }) =>
      (!opts.inCity || opts.inCity(p.lat, p.lon)) &&
      (!area || booleanPointInPolygon([p.lon, p.lat], { type: "Polygon", coordinates: area }));
    let p = inside(rand, box, margin);
    for (let i = 0; i < 50 && !ok(p); i++) p = inside(rand, box, margin);
    return p;
  };
  const anywhere = () => ({ ...within(DEMO_BBOX, 0.05), address: street() });
  switch (kind) {
    case "invalid": {
      const c = weighted(rand, INVALID);
      return { kind, categoryCode: c.categoryCode, invalidReason: c.reason, narrative: pick(rand, c.narrative), location: anywhere() };
    }
    case "town": {
      const c = weighted(rand, TOWN);
      const town = pick(rand, opts.staffedTowns);
      return {
        kind,
        categoryCode: c.categoryCode,
        urgent: false,
        narrative: pick(rand, c.narrative),
        location: { ...within(town.box, 0.1, town.polygon), address: `${town.nameZh}${street()}` },
      };
    }
    case "fallback": {
      const c = weighted(rand, FALLBACK);
      return { kind, categoryCode: c.categoryCode, urgent: true, narrative: pick(rand, c.narrative), location: anywhere() };
    }
    case "hotline":
      return { kind, categoryCode: "complaint.government", urgent: false, narrative: pick(rand, HOTLINE), location: anywhere() };
    default: {
      const c = pick(rand, policeCategories(opts.categories));
      return { kind: "police", categoryCode: c.code, narrative: c.nameZh, location: anywhere() };
    }
  }
}
