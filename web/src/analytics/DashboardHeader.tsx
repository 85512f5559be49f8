/** The dashboard's title bar: the district and time-range filters, and when the figures were last read. */
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import type { Org } from "../org/types.ts";
import { timeOfDay } from "../platform/format.ts";
import type { Range } from "./figures.ts";

export function DashboardHeader({
  districts,
  district,
  onDistrict,
  range,
  onRange,
  updatedAt,
}: {
  districts: Org[];
  /** The chosen district's id; "" for all of them. */
  district: string;
  onDistrict: (id: string) => void;
  range: Range;
  onRange: (r: Range) => void;
  updatedAt: number | null;
}) {
  const { t } = useTranslation();
  return (
    <header>
      <h2>{t("dash.title")}</h2>
      <label className="filter">
        {t("dash.district")}
        <select value={district} onChange={(e) => onDistrict(e.target.value)} data-testid="dash-district">
          <option value="">{t("common.all")}</option>
          {districts.map((d) => (
            <option key={d.id} value={d.id}>
              {pickName(d)}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        {t("dash.range")}
        <select value={range} onChange={(e) => onRange(e.target.value as Range)} data-testid="dash-range">
          {(["today", "24h", "7d", "30d"] as Range[]).map((r) => (
            <option key={r} value={r}>
              {t(`dash.range.${r}`)}
            </option>
          ))}
        </select>
      </label>
      {updatedAt && <span className="muted">{t("dash.updated", { time: timeOfDay(updatedAt) })}</span>}
    </header>
  );
}
