/**
 * The duplicate hint of the call-taker form: open incidents near the location with a similar
 * category, once both have settled, so a second call about the same event is not taken as new.
 */
import { useTranslation } from "react-i18next";
import { useApi, useSettled } from "../data/query.ts";
import { duration } from "../platform/format.ts";
import { type NearbyHit, nearbyHintRead } from "./queries.ts";

export interface DuplicateHintProps {
  location: { lat: number; lon: number } | null;
  categoryCode: string;
  onSelectIncident: (id: string) => void;
}

export function DuplicateHint({ location, categoryCode, onSelectIncident }: DuplicateHintProps) {
  const { t } = useTranslation();
  const near = location && categoryCode ? JSON.stringify([location.lat, location.lon, categoryCode]) : "";
  const settledNear = useSettled(near, 200);
  const nearbyAnswer = useApi(settledNear ? nearbyHintRead(...(JSON.parse(settledNear) as [number, number, string])) : null, {
    keepPrevious: true,
  });
  const nearby: NearbyHit[] = near ? (nearbyAnswer.data ?? []) : [];
  if (!nearby.length) return null;
  return (
    <div className="dup-hint" data-testid="duplicate-hint">
      <b>{t("call.dupTitle")}</b>
      <ul>
        {nearby.map((n) => (
          <li key={n.id}>
            <button type="button" className="link" onClick={() => onSelectIncident(n.id)}>
              {t("call.dupItem", { number: n.number, category: n.category, m: Math.round(n.meters), ago: duration(n.ageS) })}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
