/**
 * The words of an interception plan, in zh-CN and en. The planner answers with codes and
 * parameters only; the service renders them here just before a plan is stored and answered, so
 * the planner stays free of language and a wording change needs no planner change. Templates have
 * the same form as the problem catalogue's (platform/messages.ts).
 */
import type { Locale } from "../platform/messages.ts";

type Templates<P> = { "zh-CN": (p: P) => string; en: (p: P) => string };
const templates = <P>(t: Templates<P>) => t;
const pct = (x: number) => Math.round(x * 100);

const catalogue = {
  // ---- the plan's headline ----
  plan_summary: templates<{
    estimate: number;
    low: number;
    high: number;
    units: number;
    checkpoints: number;
    belowMinGain: number;
    reserved: number;
  }>({
    "zh-CN": (p) =>
      `拦截概率约 ${pct(p.estimate)}%（95% 区间 ${pct(p.low)}–${pct(p.high)}%）：${p.units} 个警力前往拦截点，启用 ${p.checkpoints} 个卡点` +
      (p.belowMinGain > 0 ? `；${p.belowMinGain} 个警力增益过小未用` : "") +
      (p.reserved > 0 ? `；${p.reserved} 个警力留作各所预留` : ""),
    en: (p) =>
      `Interception about ${pct(p.estimate)} % (95 % interval ${pct(p.low)}–${pct(p.high)} %): ${p.units} units to intercept points, ${p.checkpoints} checkpoints to activate` +
      (p.belowMinGain > 0 ? `; ${p.belowMinGain} units left out for too small a gain` : "") +
      (p.reserved > 0 ? `; ${p.reserved} units held in station reserve` : ""),
  }),
  below_min_gain: templates<{ gain: number; min: number }>({
    "zh-CN": (p) => `只能再拦截 ${(p.gain * 100).toFixed(1)}% 的逃逸路线，低于 ${(p.min * 100).toFixed(1)}% 的门槛，留在原岗`,
    en: (p) =>
      `would add only ${(p.gain * 100).toFixed(1)} % of the escape routes, below the ${(p.min * 100).toFixed(1)} % threshold; stays on normal duty`,
  }),
  held_in_reserve: templates<{ reserve: number }>({
    "zh-CN": (p) => `所属派出所预留警力（每所 ${p.reserve} 个），不参与拦截`,
    en: (p) => `held in its station's reserve (${p.reserve} per station); not used for the interception`,
  }),
  greedy_half_guarantee: templates<Record<never, never>>({
    "zh-CN": () => "分区拟阵上的贪心选择：在规划样本上至少达到最优解的 1/2；certifiedRatio 为本方案自身的界",
    en: () => "greedy on a partition matroid: at least 1/2 of the optimum on the planning sample; certifiedRatio is this plan's own bound",
  }),
  no_covering_point: templates<Record<never, never>>({
    "zh-CN": () => "没有能及时到达、且位于尚未覆盖的逃逸路线上的点位",
    en: () => "no point it can reach in time lies on an escape route not already covered",
  }),

  // ---- warnings ----
  checkpoint_off_network: templates<{ name: string }>({
    "zh-CN": (p) => `卡点 ${p.name} 不在当前路网上，已略去`,
    en: (p) => `checkpoint ${p.name} is not on the current road network; left out`,
  }),
  escapes_already_over: templates<Record<never, never>>({
    "zh-CN": () => "所有模拟逃逸在此刻之前都已到达目的地：嫌疑人可能已离开已加载的路网（圈层方案请加载区域路网）",
    en: () =>
      "every simulated escape reached its destination before now: the suspect has probably left the loaded road graph (load a regional graph for ring plans)",
  }),
  unit_off_network: templates<{ unit: string; limitM: number }>({
    "zh-CN": (p) => `警力 ${p.unit} 距道路超过 ${p.limitM} 米，已略去`,
    en: (p) => `unit ${p.unit} is more than ${p.limitM} m from a road; left out`,
  }),
  no_available_units: templates<Record<never, never>>({
    "zh-CN": () => "没有可用警力：本方案只使用卡点",
    en: () => "no unit is available: this plan uses checkpoints only",
  }),
  checkpoint_unstaffed: templates<{ name: string }>({
    "zh-CN": (p) => `卡点 ${p.name} 没有配备人员，无法启用，已略去`,
    en: (p) => `checkpoint ${p.name} has no staff assigned; it cannot be opened and was left out`,
  }),
  stale_position: templates<{ unit: string; ageS: number }>({
    "zh-CN": (p) => `警力 ${p.unit} 的最后位置已是 ${p.ageS} 秒前`,
    en: (p) => `unit ${p.unit}'s last position is ${p.ageS} s old`,
  }),

  // ---- why the planner refuses its input ----
  reserve_range: templates<{ max: number; got: number }>({
    "zh-CN": (p) => `必须是 0 到 ${p.max} 之间的整数，当前为 ${p.got}`,
    en: (p) => `must be an integer from 0 to ${p.max}, got ${p.got}`,
  }),
  min_gain_range: templates<{ max: number; got: number }>({
    "zh-CN": (p) => `必须在 0 到 ${p.max} 之间（0.02 = 2%），当前为 ${p.got}`,
    en: (p) => `must be between 0 and ${p.max} (0.02 = 2 %), got ${p.got}`,
  }),
  nothing_beyond_reserve: templates<{ reserve: number }>({
    "zh-CN": (p) => `预留警力之外无可调警力：每个派出所预留 ${p.reserve} 个，可用警力已全部留作预留`,
    en: (p) => `no units beyond the reserve: every available unit is held in its station's reserve (${p.reserve} per station)`,
  }),
  minutes_since_flight_range: templates<{ max: number; got: number }>({
    "zh-CN": (p) => `必须在 0 到 ${p.max} 之间，当前为 ${p.got}`,
    en: (p) => `must be between 0 and ${p.max}, got ${p.got}`,
  }),
  horizon_range: templates<{ max: number; got: number }>({
    "zh-CN": (p) => `必须大于 0 且不超过 ${p.max}（12 小时），当前为 ${p.got}`,
    en: (p) => `must be more than 0 and at most ${p.max} (12 h), got ${p.got}`,
  }),
  speed_factor_range: templates<{ got: number }>({
    "zh-CN": (p) => `必须在 0.3 到 3 之间（1 = 自由流速度），当前为 ${p.got}`,
    en: (p) => `must be between 0.3 and 3 (1 = free-flow speed), got ${p.got}`,
  }),
  routes_range: templates<{ got: number }>({
    "zh-CN": (p) => `必须是 10 到 20000 之间的整数，当前为 ${p.got}`,
    en: (p) => `must be an integer from 10 to 20000, got ${p.got}`,
  }),
  origin_far_from_road: templates<{ lat: number; lon: number; distanceM: number; limitM: number }>({
    "zh-CN": (p) => `(${p.lat}, ${p.lon}) 距最近道路 ${p.distanceM} 米，上限为 ${p.limitM} 米`,
    en: (p) => `(${p.lat}, ${p.lon}) is ${p.distanceM} m from the nearest road; the limit is ${p.limitM} m`,
  }),
  origin_not_near_network: templates<{ lat: number; lon: number }>({
    "zh-CN": (p) => `(${p.lat}, ${p.lon}) 不在路网附近`,
    en: (p) => `(${p.lat}, ${p.lon}) is not near the road network`,
  }),
  origin_road_closed: templates<Record<never, never>>({
    "zh-CN": () => "该位置的道路双向封闭",
    en: () => "the road at this point is closed in both directions",
  }),
};

type Catalogue = typeof catalogue;
export type PlanMessageCode = keyof Catalogue;
type ParamsOf<C extends PlanMessageCode> = Parameters<Catalogue[C]["en"]>[0];

/** A message as the planner says it: a code and the figures it names, for any language. */
export type PlanMessage<C extends PlanMessageCode = PlanMessageCode> = { [K in C]: { code: K; params: ParamsOf<K> } }[C];

export const planMessage = <C extends PlanMessageCode>(code: C, params: ParamsOf<C>): PlanMessage<C> =>
  ({ code, params }) as PlanMessage<C>;

export function renderPlanMessage(m: PlanMessage, locale: Locale): string {
  const t = catalogue[m.code][locale] as (p: PlanMessage["params"]) => string;
  return t(m.params);
}

/** The message in both languages, for text the console switches language on without a refetch. */
export const bothLanguages = (m: PlanMessage) => ({ "zh-CN": renderPlanMessage(m, "zh-CN"), en: renderPlanMessage(m, "en") });
