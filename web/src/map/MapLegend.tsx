/** What the one map's colours mean: unit states, stale AVL, incident priorities, stations. */
import { useTranslation } from "react-i18next";
import { BASE_COLOURS, PRIORITY_COLOURS } from "../platform/format.ts";

export function MapLegend() {
  const { t } = useTranslation();
  return (
    <fieldset className="map-legend">
      <legend className="sr-only">{t("map.legend")}</legend>
      <span>
        <i className="dot" style={{ background: BASE_COLOURS.available }} />
        {t("base.available")}
      </span>
      <span>
        <i className="dot" style={{ background: BASE_COLOURS.committed }} />
        {t("base.committed")}
      </span>
      <span>
        <i className="dot" style={{ background: BASE_COLOURS.unavailable }} />
        {t("base.unavailable")}
      </span>
      <span>
        <i className="dot hollow" />
        {t("map.staleAvl")}
      </span>
      <span>
        <i className="sq" style={{ background: PRIORITY_COLOURS.in_progress }} />
        {t("priority.in_progress")}
      </span>
      <span>
        <i className="sq" style={{ background: PRIORITY_COLOURS.urgent }} />
        {t("priority.urgent")}
      </span>
      <span>
        <i className="sq" style={{ background: PRIORITY_COLOURS.routine }} />
        {t("priority.routine")}
      </span>
      <span>
        <i className="dot station" />
        {t("map.stations")}
      </span>
    </fieldset>
  );
}
