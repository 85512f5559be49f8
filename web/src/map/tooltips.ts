/** What a marker on the one map says on hover, as HTML (Leaflet tooltips take HTML; the texts are escaped). */
import type { TFunction } from "i18next";
import type { Unit } from "../dispatch/types.ts";
import { pickName } from "../i18n.ts";
import type { Incident } from "../incidents/types.ts";
import { duration } from "../platform/format.ts";
import { escapeHtml } from "../platform/html.ts";

/** Call sign, status, name, and how old the last position is. */
export function unitTooltip(u: Unit | undefined, t: TFunction): string {
  if (!u) return "";
  const age = u.position ? (Date.now() - Date.parse(u.position.at)) / 1000 : null;
  const avl = age === null ? t("map.noAvl") : t("map.avlAge", { t: duration(age) });
  return `<b>${escapeHtml(u.callsign)}</b> ${escapeHtml(pickName(u.status))}<br>${escapeHtml(pickName(u))}<br>${escapeHtml(avl)}${u.position?.stale ? ` · ${escapeHtml(t("map.staleAvl"))}` : ""}`;
}

/** Number, priority, category and address. */
export function incidentTooltip(i: Incident | undefined, t: TFunction): string {
  if (!i) return "";
  return `<b>${escapeHtml(i.number)}</b> ${escapeHtml(t(`priority.${i.priority}`))}<br>${escapeHtml(pickName(i.category))}<br>${escapeHtml(i.location.address ?? "")}`;
}
