/** The headline figures of the non-police loop, each rate with the counts it was computed from. */
import { useTranslation } from "react-i18next";
import { closeText, percent } from "./GovernanceKpis.tsx";
import type { Kpis, Rate } from "./types.ts";

export function GovernanceTiles({ totals }: { totals: Kpis["totals"] }) {
  const { t } = useTranslation();
  return (
    <div className="kpis gov-kpis">
      <RateTile id="invalidShare" label={t("gov.kpi.invalidShare")} rate={totals.invalidShare} />
      <RateTile id="nonPoliceShare" label={t("gov.kpi.nonPoliceShare")} rate={totals.nonPoliceShare} />
      <RateTile id="diversionRate" label={t("gov.kpi.diversionRate")} rate={totals.diversionRate} />
      <RateTile id="resolutionRate" label={t("gov.kpi.resolutionRate")} rate={totals.resolutionRate} />
      <RateTile id="satisfaction" label={t("gov.kpi.satisfaction")} rate={totals.satisfaction} />
      <div className="kpi" data-testid="gov-tile-medianClose" data-seconds={totals.medianCloseS ?? ""}>
        <div className="kpi-value">{closeText(totals.medianCloseS)}</div>
        <div className="kpi-label">{t("gov.kpi.medianClose")}</div>
        <div className="hint">{totals.medianCloseS === null ? t("gov.noData") : t("gov.kpi.medianCloseHint")}</div>
      </div>
    </div>
  );
}

function RateTile({ id, label, rate }: { id: string; label: string; rate: Rate }) {
  const { t } = useTranslation();
  const p = percent(rate);
  return (
    <div
      className="kpi"
      data-testid={`gov-tile-${id}`}
      data-numerator={rate.numerator}
      data-denominator={rate.denominator}
      data-empty={p === null}
    >
      <div className="kpi-value">
        {p === null ? (
          "—"
        ) : (
          <>
            {p}% <small className="gov-fraction">{`(${rate.numerator}/${rate.denominator})`}</small>
          </>
        )}
      </div>
      <div className="kpi-label">{label}</div>
      {p === null && <div className="hint">{t("gov.noData")}</div>}
    </div>
  );
}
