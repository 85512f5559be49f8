/**
 * Where a new call goes (三级分流): the server's preview with its reason, one click to route a
 * non-police call (a work order at the town centre, or 12345), and the one-click transfer to
 * 12345 with a reason whatever the rule says. When the location lies in no town's area the
 * server asks for the town; the call-taker picks it here and the same click retries.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SKILLS } from "../../../src/governance/model.ts";
import { useApi } from "../data/query.ts";
import { townsRead } from "../governance/work-orders/queries.ts";
import { pickName } from "../i18n.ts";
import { ApiError, api } from "../platform/api.ts";
import { errorForForm, type FieldError, FieldErrorText, fieldError } from "../platform/errors.tsx";
import { store } from "../platform/store.ts";
import type { TriageOutcome } from "./outcome.ts";
import { routePreviewRead } from "./queries.ts";
import type { HotlineTransfer, Routed, TriagedIncident } from "./types.ts";

const skillName = (code: string | null) => (code && code in SKILLS ? pickName(SKILLS[code as keyof typeof SKILLS]) : (code ?? ""));

export function TriageRoute({ incident, onDone }: { incident: TriagedIncident; onDone: (o: TriageOutcome) => void }) {
  const { t } = useTranslation();
  const [townCode, setTownCode] = useState("");
  /** Routing answered that no town centre covers the location: the call-taker must pick the town. */
  const [askedForTown, setAskedForTown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Partial<Record<"townCode" | "route" | "reason" | "hotline", FieldError>>>({});
  const [hotline, setHotline] = useState(false);
  const [reason, setReason] = useState("");
  const path = `/triage/incidents/${encodeURIComponent(incident.id)}`;

  // Every label change (a new version) can change the decision; the last one stays up meanwhile.
  const previewAnswer = useApi(routePreviewRead(incident.id, incident.version, townCode), { keepPrevious: true });
  const preview = previewAnswer.data ?? null;
  const noTown = previewAnswer.error instanceof ApiError && previewAnswer.error.code === "no_town_centre";
  const previewError = previewAnswer.error && !noTown ? fieldError(previewAnswer.error) : null;
  // Asked once (or a town picked), the picker stays until the call is relabelled as police
  // business (or fallback, or 12345): then there is no town to ask for any more.
  const needTown = (noTown || askedForTown || townCode !== "") && !(preview && preview.target !== "town");

  // The towns to pick from, only once the server could not find one itself; the org tree's towns
  // when the list cannot be read.
  const townsAnswer = useApi(needTown ? townsRead() : null);
  const orgTowns = () =>
    store.orgs.filter((o) => o.kind === "town").map((o) => ({ ...o, code: (o as { code?: string | null }).code ?? null }));
  const towns = (townsAnswer.data ?? (townsAnswer.isError ? orgTowns() : [])).filter((x) => x.code);

  async function route() {
    if (busy) return;
    setBusy(true);
    setErrors({});
    try {
      const r = await api<Routed>("POST", `${path}/route`, townCode ? { townCode } : {});
      if (r.workOrder) onDone({ key: "tri.route.toTown", params: { number: r.workOrder.number, town: pickName(r.decision.town) } });
      else if (r.transfer) onDone({ key: "tri.route.toHotline", params: { reason: r.transfer.reason } });
      else if (r.decision.target === "police_fallback") onDone({ key: "tri.route.fallbackDone" });
      await store.refreshIncident(incident.id);
    } catch (e) {
      if (e instanceof ApiError && e.code === "no_town_centre") setAskedForTown(true);
      const named = errorForForm(e, ["townCode"] as const);
      setErrors(named.townCode ? { townCode: named.townCode } : { route: named.form });
    } finally {
      setBusy(false);
    }
  }

  async function transfer() {
    if (busy) return;
    if (!reason.trim()) {
      setErrors({ reason: { key: "val.required", params: { field: t("tri.hotline.reason") } } });
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const r = await api<HotlineTransfer>("POST", `${path}/transfer-12345`, { reason: reason.trim() });
      onDone({ key: "tri.route.toHotline", params: { reason: r.reason } });
      await store.refreshIncident(incident.id);
    } catch (e) {
      const named = errorForForm(e, ["reason"] as const);
      setErrors(named.reason ? { reason: named.reason } : { hotline: named.form });
    } finally {
      setBusy(false);
    }
  }

  let line: string | null = null;
  if (preview?.target === "town") line = t("tri.route.town", { town: pickName(preview.town), skill: skillName(preview.skill) });
  else if (preview) line = t(`tri.route.${preview.target}`);
  else if (needTown) line = t("tri.route.noTown");
  const routable = needTown || (preview !== null && preview.target !== "police");

  return (
    <div className="tri-route" data-testid="tri-route" data-target={preview?.target ?? (needTown ? "town" : "")}>
      <div className="inline-form">
        <b>{t("tri.route.title")}</b>
        {line && <span data-testid="tri-route-preview">{line}</span>}
        {!line && !previewError && <span className="muted">{t("tri.route.loading")}</span>}
        {previewError && <FieldErrorText field="route-preview" error={previewError} />}
      </div>
      {preview && (
        <div className="muted" data-testid="tri-route-reason">
          {pickName(preview.reason)}
        </div>
      )}
      {needTown && (
        <div className="inline-form">
          <select
            name="townCode"
            value={townCode}
            aria-label={t("tri.route.pickTown")}
            aria-invalid={!!errors.townCode}
            data-testid="tri-town"
            onChange={(e) => {
              setTownCode(e.target.value);
              setErrors({});
            }}
          >
            <option value="">{t("tri.route.pickTown")}</option>
            {towns.map((x) => (
              <option key={x.id} value={x.code ?? ""}>
                {pickName(x)}
              </option>
            ))}
          </select>
          <FieldErrorText field="townCode" error={errors.townCode} />
        </div>
      )}
      <div className="inline-form">
        {routable && (
          <button type="button" className="primary" disabled={busy} data-testid="tri-route-go" onClick={route}>
            {busy && !hotline ? t("tri.route.busy") : t("tri.route.go")}
          </button>
        )}
        {!hotline && (
          <button type="button" disabled={busy} data-testid="tri-hotline" onClick={() => setHotline(true)}>
            {t("tri.hotline.btn")}
          </button>
        )}
      </div>
      <FieldErrorText field="route" error={errors.route} />
      {hotline && (
        <div className="inline-form" data-testid="tri-hotline-form">
          <input
            name="transferReason"
            placeholder={t("tri.hotline.reason")}
            aria-label={t("tri.hotline.reason")}
            aria-invalid={!!errors.reason}
            value={reason}
            data-testid="tri-hotline-reason"
            // biome-ignore lint/a11y/noAutofocus: the reason is the only thing left to type
            autoFocus
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") void transfer();
              else if (e.key === "Escape") setHotline(false);
            }}
          />
          <button type="button" className="primary" disabled={busy} data-testid="tri-hotline-confirm" onClick={transfer}>
            {t("tri.hotline.confirm")}
          </button>
          <button type="button" disabled={busy} data-testid="tri-hotline-cancel" onClick={() => setHotline(false)}>
            {t("common.cancel")}
          </button>
          <FieldErrorText field="reason" error={errors.reason} />
          <FieldErrorText field="hotline" error={errors.hotline} />
        </div>
      )}
    </div>
  );
}
