/**
 * The planner's inputs: minutes since flight, horizon, scope, travel mode, speed factor, how many
 * escapes to simulate and how many checkpoints may be switched on. The server checks the ranges;
 * its problem is shown next to the field it names.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Incident } from "../incidents/types.ts";
import { ApiError, errorText } from "../platform/api.ts";
import { FieldErrorText } from "../platform/errors.tsx";
import { PlanSettingsFields } from "./PlanSettingsFields.tsx";
import { formField, type PlanErrors, type PlanRequestBody, planRequestOf, type ReachFrom } from "./planRequest.ts";
import type { InterceptPlan } from "./types.ts";
import { minutesSince, usePlanSettings } from "./usePlanSettings.ts";

export function InterceptForm({
  incident,
  plan,
  busy,
  onCompute,
  onReachFrom,
}: {
  incident: Incident;
  plan: InterceptPlan | null;
  busy: boolean;
  onCompute: (body: PlanRequestBody) => Promise<void>;
  /** Minutes since the flight from the incident's location: a watch order to reachable posts uses them. */
  /** Where and since when a "reachable" watch order counts: the planner's own starting point. */
  onReachFrom?: (from: ReachFrom) => void;
}) {
  const { t } = useTranslation();
  const settings = usePlanSettings(incident, plan);
  const { lastKnown, fromLastKnown, minutes, setMinutes } = settings;
  const [errors, setErrors] = useState<PlanErrors>({});
  const [formText, setFormText] = useState<string | null>(null);

  // A watch order's reach is counted from where the planner starts: the last known position and
  // the minutes since the suspect was there, or the incident and the minutes since flight.
  const fromSighting = !!lastKnown && fromLastKnown;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the position is compared by value; the plan object is new on every load
  useEffect(() => {
    const n = Number(minutes);
    const typed = minutes.trim() !== "" && Number.isFinite(n) ? n : null;
    onReachFrom?.({ minutes: typed, origin: fromSighting ? lastKnown : null });
  }, [minutes, fromSighting, lastKnown?.lat, lastKnown?.lon, onReachFrom]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    const { body, errors: errs } = planRequestOf(settings, t);
    if (lastKnown && fromLastKnown) body.origin = lastKnown;
    setErrors(errs);
    setFormText(null);
    if (Object.keys(errs).length) return;
    try {
      await onCompute(body);
    } catch (err) {
      const field = err instanceof ApiError ? formField(err.field) : null;
      if (err instanceof ApiError && field) setErrors({ [field]: { error: err } });
      else if (err instanceof ApiError) setErrors({ form: { error: err } });
      else setFormText(errorText(err, t));
    }
  }

  return (
    <form className="icp-form" data-testid="intercept-form" onSubmit={submit} noValidate>
      {lastKnown && (
        <label className="icp-check">
          <span>
            <input
              type="checkbox"
              name="fromLastKnown"
              checked={fromLastKnown}
              onChange={(e) => {
                settings.setFromLastKnown(e.target.checked);
                setMinutes(String(minutesSince(incident, plan, e.target.checked)));
              }}
            />{" "}
            {t("icp.f.fromLastKnown", { lat: lastKnown.lat.toFixed(5), lon: lastKnown.lon.toFixed(5) })}
          </span>
          <FieldErrorText field="origin" error={errors.origin} />
        </label>
      )}
      <PlanSettingsFields
        settings={settings}
        errors={errors}
        onNow={() => setMinutes(String(minutesSince(incident, plan, settings.fromPlan)))}
      />
      <button type="submit" className="primary big" disabled={busy} aria-busy={busy} data-testid="intercept-compute" data-busy={busy}>
        {busy ? t("icp.computing") : t("icp.compute")}
      </button>
      {(errors.form || formText) && (
        <div className="note error" role="alert" data-testid="intercept-form-error">
          {errors.form ? <FieldErrorText field="form" error={errors.form} /> : formText}
        </div>
      )}
    </form>
  );
}
