/**
 * Where each of the plan's units goes, as a table: its intercept point, ETA and slack (tight under
 * a minute), the share of escapes it covers, and its live state from the store.
 */
import { useTranslation } from "react-i18next";
import { pickName } from "../i18n.ts";
import { duration } from "../platform/format.ts";
import { store } from "../platform/store.ts";
import { type InterceptPlan, pct } from "./types.ts";

export function PlanUnitsTable({
  rows,
  onIncident,
}: {
  /** In the order shown. */
  rows: InterceptPlan["units"];
  /** Whether the unit is already on this incident. */
  onIncident: (unitId: string) => boolean;
}) {
  const { t } = useTranslation();
  return (
    <table className="icp-table" data-testid="intercept-units">
      <thead>
        <tr>
          <th>{t("icp.units.callsign")}</th>
          <th>{t("icp.units.point")}</th>
          <th>{t("icp.units.eta")}</th>
          <th>{t("icp.units.slack")}</th>
          <th>{t("icp.units.share")}</th>
          <th>{t("icp.units.status")}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((u) => {
          const live = store.units.get(u.unitId);
          const here = onIncident(u.unitId);
          return (
            <tr
              key={u.unitId}
              data-testid="intercept-unit"
              data-unit={u.unitId}
              data-placed={u.node !== null}
              data-dispatched={here}
              className={u.node === null ? "muted" : ""}
            >
              <td className="callsign">{u.label}</td>
              {u.node === null ? (
                <td colSpan={4} className="muted" data-testid="intercept-unit-left-out" data-reason={u.leftOut ?? ""}>
                  {u.leftOut === "held_in_reserve"
                    ? t("icp.units.reserve")
                    : u.leftOut === "below_min_gain"
                      ? t("icp.units.lowGain")
                      : t("icp.units.noPoint")}
                </td>
              ) : (
                <>
                  <td data-testid="intercept-unit-point" title={`${u.lat?.toFixed(5)}, ${u.lon?.toFixed(5)}`}>
                    {u.place ? pickName(u.place) : t("icp.units.node", { node: u.node })}
                  </td>
                  <td data-testid="intercept-unit-eta" className="icp-num">
                    {u.etaS === null ? "—" : duration(u.etaS)}
                  </td>
                  <td data-testid="intercept-unit-slack" className={`icp-num ${u.slackS !== null && u.slackS < 60 ? "icp-tight" : ""}`}>
                    {u.slackS === null ? "—" : duration(u.slackS)}
                  </td>
                  <td className="icp-num">{t("icp.percent", { v: pct(u.routeShare) })}</td>
                </>
              )}
              <td>
                {here ? (
                  <span className="badge ok" data-testid="intercept-unit-dispatched">
                    {t("icp.units.dispatched")}
                  </span>
                ) : live ? (
                  <span className="muted">{pickName(live.status)}</span>
                ) : null}
                {live?.position?.stale && <span className="badge warn">{t("map.staleAvl")}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
