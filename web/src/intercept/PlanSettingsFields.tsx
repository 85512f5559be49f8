/** The planner's settings, one field each, with the problem the server or the form found next to it. */
import { useTranslation } from "react-i18next";
import { FieldErrorText } from "../platform/errors.tsx";
import type { PlanErrors, PlanField } from "./planRequest.ts";
import { MODE_SPEED, type PlanScope, type TravelMode } from "./types.ts";
import type { PlanSettings } from "./usePlanSettings.ts";

export function PlanSettingsFields({ settings: s, errors, onNow }: { settings: PlanSettings; errors: PlanErrors; onNow: () => void }) {
  const { t } = useTranslation();
  const invalid = (f: PlanField) => (errors[f] ? true : undefined);
  return (
    <div className="icp-grid">
      <label>
        {t("icp.f.minutes")}
        <span className="icp-with-button">
          <input
            name="minutesSinceFlight"
            inputMode="decimal"
            value={s.minutes}
            aria-invalid={invalid("minutesSinceFlight")}
            onChange={(e) => s.setMinutes(e.target.value)}
          />
          <button type="button" className="small" title={t("icp.f.nowHint")} onClick={onNow}>
            {t("icp.f.now")}
          </button>
        </span>
        <FieldErrorText field="minutesSinceFlight" error={errors.minutesSinceFlight} />
      </label>
      <label>
        {t("icp.f.horizon")}
        <input
          name="horizonMinutes"
          inputMode="decimal"
          value={s.horizon}
          aria-invalid={invalid("horizonMinutes")}
          onChange={(e) => s.setHorizon(e.target.value)}
        />
        <FieldErrorText field="horizonMinutes" error={errors.horizonMinutes} />
      </label>
      <label>
        {t("icp.f.scope")}
        <select name="scope" value={s.scope} aria-invalid={invalid("scope")} onChange={(e) => s.changeScope(e.target.value as PlanScope)}>
          <option value="city">{t("icp.scope.city")}</option>
          <option value="ring">{t("icp.scope.ring")}</option>
        </select>
        <FieldErrorText field="scope" error={errors.scope} />
      </label>
      <label>
        {t("icp.f.mode")}
        <select
          name="travelMode"
          value={s.mode}
          aria-invalid={invalid("travelMode")}
          onChange={(e) => s.setMode(e.target.value as TravelMode)}
        >
          <option value="car">{t("icp.mode.car")}</option>
          <option value="motorcycle">{t("icp.mode.motorcycle")}</option>
          <option value="truck">{t("icp.mode.truck")}</option>
        </select>
        <FieldErrorText field="travelMode" error={errors.travelMode} />
      </label>
      <label>
        {t("icp.f.speed")}
        <input
          name="speedFactor"
          inputMode="decimal"
          value={s.speed}
          placeholder={String(MODE_SPEED[s.mode])}
          aria-invalid={invalid("speedFactor")}
          onChange={(e) => s.setSpeed(e.target.value)}
        />
        <FieldErrorText field="speedFactor" error={errors.speedFactor} />
      </label>
      <label>
        {t("icp.f.maxActivations")}
        <input
          name="maxActivations"
          inputMode="numeric"
          value={s.maxAct}
          aria-invalid={invalid("maxActivations")}
          onChange={(e) => s.setMaxAct(e.target.value)}
        />
        <FieldErrorText field="maxActivations" error={errors.maxActivations} />
      </label>
      <label>
        {t("icp.f.reserve")}
        <input
          name="reservePerStation"
          inputMode="numeric"
          value={s.reserve}
          placeholder="1"
          aria-invalid={invalid("reservePerStation")}
          onChange={(e) => s.setReserve(e.target.value)}
        />
        <FieldErrorText field="reservePerStation" error={errors.reservePerStation} />
      </label>
      <label>
        {t("icp.f.minGain")}
        <input
          name="minGain"
          inputMode="decimal"
          value={s.minGainPct}
          placeholder="2"
          aria-invalid={invalid("minGain")}
          onChange={(e) => s.setMinGainPct(e.target.value)}
        />
        <FieldErrorText field="minGain" error={errors.minGain} />
      </label>
      <label>
        {t("icp.f.routes")}
        <input
          name="routes"
          inputMode="numeric"
          value={s.routes}
          aria-invalid={invalid("routes")}
          onChange={(e) => s.setRoutes(e.target.value)}
        />
        <FieldErrorText field="routes" error={errors.routes} />
      </label>
    </div>
  );
}
