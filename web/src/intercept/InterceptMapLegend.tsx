/** The interception map's legend: one swatch per kind of shape, in the colours the map draws them. */
import { useTranslation } from "react-i18next";
import { ICP_COLOURS, ISOCHRONE_STYLE } from "./interceptLayers.ts";

export function InterceptMapLegend() {
  const { t } = useTranslation();
  return (
    <fieldset className="map-legend icp-legend" data-testid="intercept-legend">
      <legend className="sr-only">{t("map.legend")}</legend>
      <span>
        <i className="icp-sw-line dashed" style={{ borderColor: ICP_COLOURS.ring }} />
        {t("icp.legend.ring")}
      </span>
      <span>
        <i className="dot hollow" style={{ borderColor: ICP_COLOURS.checkpointIdle }} />
        {t("icp.legend.cpIdle")}
      </span>
      <span>
        <i className="dot" style={{ background: ICP_COLOURS.checkpointActive }} />
        {t("icp.legend.cpActive")}
      </span>
      <span>
        <i className="dot hollow icp-sw-plan" style={{ borderColor: ICP_COLOURS.checkpointPlan }} />
        {t("icp.legend.cpPlan")}
      </span>
      <span>
        <i className="icp-sw-line" style={{ borderColor: ICP_COLOURS.cone }} />
        {t("icp.legend.cone")}
      </span>
      {[5, 10, 30].map((m) => (
        <span key={m}>
          <i className="sq" style={{ background: ISOCHRONE_STYLE[m].colour, opacity: 0.35 + ISOCHRONE_STYLE[m].fill }} />
          {t("icp.legend.iso", { m })}
        </span>
      ))}
      <span>
        <i className="dot hollow" style={{ borderColor: ICP_COLOURS.incident }} />
        {t("icp.legend.incident")}
      </span>
      <span>
        <i className="dot" style={{ background: ICP_COLOURS.lastKnown }} />
        {t("icp.legend.lastKnown")}
      </span>
      <span>
        <i className="icp-sw-sighting" style={{ background: ICP_COLOURS.sighting }} />
        {t("icp.legend.sighting")}
      </span>
      <span>
        <i className="dot" style={{ background: ICP_COLOURS.unit }} />
        {t("icp.legend.unit")}
      </span>
      <span>
        <i className="dot hollow" style={{ borderColor: ICP_COLOURS.unit }} />
        {t("icp.legend.point")}
      </span>
    </fieldset>
  );
}
