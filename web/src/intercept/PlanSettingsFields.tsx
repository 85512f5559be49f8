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
      <NumberField
        field="horizonMinutes"
        label={t("icp.f.horizon")}
        integer={false}
        value={s.horizon}
        onChange={s.setHorizon}
        errors={errors}
      />
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
      <NumberField
        field="speedFactor"
        label={t("icp.f.speed")}
        integer={false}
        value={s.speed}
        onChange={s.setSpeed}
        errors={errors}
        placeholder={String(MODE_SPEED[s.mode])}
      />
      <NumberField
        field="maxActivations"
        label={t("icp.f.maxActivations")}
        integer={true}
        value={s.maxAct}
        onChange={s.setMaxAct}
        errors={errors}
      />
      <NumberField
        field="reservePerStation"
        label={t("icp.f.reserve")}
        integer={true}
        value={s.reserve}
        onChange={s.setReserve}
        errors={errors}
        placeholder="1"
      />
      <NumberField
        field="minGain"
        label={t("icp.f.minGain")}
        integer={false}
        value={s.minGainPct}
        onChange={s.setMinGainPct}
        errors={errors}
        placeholder="2"
      />
      <NumberField field="routes" label={t("icp.f.routes")} integer={true} value={s.routes} onChange={s.setRoutes} errors={errors} />
    </div>
  );
}

/** One number of the plan's settings: its label, the input, and the problem found with it. */
function NumberField(props: {
  field: PlanField;
  label: string;
  integer: boolean;
  value: string;
  onChange: (v: string) => void;
  errors: PlanErrors;
  placeholder?: string;
}) {
  const error = props.errors[props.field];
  return (
    <label>
      {props.label}
      <input
        name={props.field}
        inputMode={props.integer ? "numeric" : "decimal"}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={error ? true : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <FieldErrorText field={props.field} error={error} />
    </label>
  );
}
