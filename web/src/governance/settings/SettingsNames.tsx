/**
 * The settings view's vocabulary: the order in which routing rules are weighed, and how a category pattern, an area, a target and a length of time
 * read in words.
 */

// The rule logic is the server's own (a file with no imports): the console and the router
// cannot disagree about which rule wins.
import {
  pickRule,
  type RoutingRule,
  RULE_TARGETS,
  type RuleTarget,
  TIMER_STAGES,
  type TimerStage,
} from "../../../../src/governance/model.ts";
import { currentLang, pickName } from "../../i18n.ts";
import type { Category } from "../../incidents/types.ts";
import type { Org } from "../../org/types.ts";
import type { Named } from "../../platform/types.ts";
import type { Rule } from "./types.ts";

export { RULE_TARGETS, type RuleTarget, TIMER_STAGES, type TimerStage };

type T = (key: string, o?: Record<string, unknown>) => string;

export const ruleKey = (r: Rule): string => r.id ?? `built-in:${r.categoryCode}|${r.areaPath}`;

/**
 * The rules in the order the router weighs them: built-in first, configured after, as
 * effectiveRules in src/governance/routing.ts lists them, so ties resolve as they do there.
 */
export function precedenceOrder(rules: readonly Rule[]): Rule[] {
  return [...rules].sort((a, b) => Number(b.builtIn) - Number(a.builtIn));
}

/** Every rule that matches, the winner first: pickRule asked again without the rules it already chose. */
export function matchingRules(rules: readonly Rule[], categoryCode: string, orgPath: string): Rule[] {
  let left = precedenceOrder(rules);
  const out: Rule[] = [];
  for (;;) {
    const r = pickRule(left, categoryCode, orgPath) as Rule | null;
    if (!r) return out;
    out.push(r);
    left = left.filter((x) => x !== r);
  }
}

/** "*", "complaint.*" or a category code, in words. */
export function patternName(pattern: string, categories: readonly Category[], t: T): string {
  if (pattern === "*") return t("set.pattern.all");
  if (pattern.endsWith(".*")) {
    const kind = pattern.slice(0, -2);
    const c = categories.find((x) => x.kind === kind);
    return t("set.pattern.kind", { kind: c ? pickName({ nameZh: c.kindZh, nameEn: c.kindEn }) : kind });
  }
  const c = categories.find((x) => x.code === pattern);
  return c ? pickName(c) : pattern;
}

/** Kinds of category ("complaint", "help"), each once, in the order the list has them. */
export function kindsOf(categories: readonly Category[]): Category[] {
  const seen = new Set<string>();
  return categories.filter((c) => !seen.has(c.kind) && seen.add(c.kind));
}

export function areaName(path: string, places: ReadonlyMap<string, Named>, t: T): string {
  if (!path) return t("set.area.everywhere");
  const p = places.get(path);
  return p ? pickName(p) : path;
}

export function targetName(target: string, t: T): string {
  return t(`set.target.${target}`);
}

export function ruleLabel(r: RoutingRule, categories: readonly Category[], places: ReadonlyMap<string, Named>, t: T): string {
  return t("set.rule.label", {
    category: patternName(r.categoryCode, categories, t),
    area: areaName(r.areaPath, places, t),
    target: targetName(r.target, t),
  });
}

/**
 * The police areas a rule can name, district by district: an incident carries the path of the
 * patrol zone it happened in, so only the city, districts, stations and zones can ever match.
 * Towns and villages have paths of their own beside the police ones.
 */
export function policeAreas(orgs: readonly Org[]): { district: Org; areas: Org[] }[] {
  const byPath = [...orgs].sort((a, b) => a.path.localeCompare(b.path));
  return byPath
    .filter((o) => o.kind === "district")
    .map((district) => ({
      district,
      areas: byPath.filter((o) => (o.kind === "station" || o.kind === "zone") && o.path.startsWith(district.path)),
    }));
}

/** A length of time as a person says it: 8 minutes, 24 hours, 1 hour 30 minutes. */
export function span(seconds: number, t: T): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const parts = [h ? t("set.dur.h", { n: h }) : "", m ? t("set.dur.min", { n: m }) : "", rest || !s ? t("set.dur.s", { n: rest }) : ""];
  return parts.filter(Boolean).join(currentLang() === "en" ? " " : "");
}

export const UNITS = { h: 3600, min: 60, s: 1 } as const;
export type Unit = keyof typeof UNITS;

/** The largest unit that says a number of seconds exactly. */
export function unitFor(seconds: number): Unit {
  if (seconds % 3600 === 0) return "h";
  if (seconds % 60 === 0) return "min";
  return "s";
}
