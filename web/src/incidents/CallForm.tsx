/**
 * The call-taker form (接警登记), keyboard first: who calls (CallFormCaller), where
 * (CallFormAddress: the gazetteer's type-ahead, overridden by the map pin), what and how urgent
 * (CallFormCategory), and what was said. The draft and its submission live in useCallDraft.ts.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Address } from "../addresses/types.ts";
import { FieldErrorText } from "../platform/errors.tsx";
import { useTopic } from "../platform/store.ts";
import { CallFormAddress } from "./CallFormAddress.tsx";
import { CallFormCaller } from "./CallFormCaller.tsx";
import { CallFormCategory } from "./CallFormCategory.tsx";
import { CALL_FORM_LABELS, NARRATIVE_MAX } from "./callFormFields.ts";
import { DuplicateHint } from "./DuplicateHint.tsx";
import { LengthCounter } from "./LengthCounter.tsx";
import type { Incident } from "./types.ts";
import { useCallDraft } from "./useCallDraft.ts";

export interface CallFormHandle {
  focus(): void;
  setPin(lat: number, lon: number): void;
}

export interface CallFormProps {
  onCreated: (i: Incident) => void;
  onSelectIncident: (id: string) => void;
  pinning: boolean;
  onPinningChange: (on: boolean) => void;
  onLocationChange: (loc: { lat: number; lon: number } | null) => void;
}

export const CallForm = forwardRef<CallFormHandle, CallFormProps>(function CallForm(props, ref) {
  const { t } = useTranslation();
  useTopic("ref");
  const { draft, update, setPin, location, restored, created, errors, general, busy, submit, reset } = useCallDraft(props);
  const addressRef = useRef<HTMLInputElement>(null);
  const categoryRef = useRef<HTMLSelectElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);

  useImperativeHandle(ref, () => ({
    focus: () => phoneRef.current?.focus(),
    setPin,
  }));

  // biome-ignore lint/correctness/useExhaustiveDependencies: reports the location by value; the callback identity changes every render
  useEffect(() => props.onLocationChange(location), [location?.lat, location?.lon]);

  function pickAddress(a: Address) {
    update({ address: a, addressText: a.text, pin: null });
    categoryRef.current?.focus();
  }

  return (
    <form
      className="call-form"
      data-testid="call-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void submit();
        } else if (e.altKey && (e.key === "a" || e.key === "A")) {
          e.preventDefault();
          addressRef.current?.focus();
        } else if (e.altKey && (e.key === "c" || e.key === "C")) {
          e.preventDefault();
          categoryRef.current?.focus();
        }
      }}
    >
      <h2>{t("call.title")}</h2>
      {restored && <div className="note info">{t("call.draftRestored")}</div>}
      {created && (
        <div className="note ok" role="status">
          {t("call.created", { number: created })}
        </div>
      )}
      <CallFormCaller draft={draft} update={update} errors={errors} phoneRef={phoneRef} />
      <CallFormAddress
        draft={draft}
        update={update}
        error={errors.location}
        inputRef={addressRef}
        onPick={pickAddress}
        pinning={props.pinning}
        onPinningChange={props.onPinningChange}
      />
      <CallFormCategory draft={draft} update={update} errors={errors} selectRef={categoryRef} />
      <label>
        {t("call.narrative")}
        <textarea
          name="narrative"
          rows={2}
          value={draft.narrative}
          onChange={(e) => update({ narrative: e.target.value })}
          aria-invalid={!!errors.narrative}
        />
        <LengthCounter length={draft.narrative.length} max={NARRATIVE_MAX} />
        <FieldErrorText field="narrative" error={errors.narrative} labels={CALL_FORM_LABELS} />
      </label>
      <DuplicateHint location={location} categoryCode={draft.categoryCode} onSelectIncident={props.onSelectIncident} />
      {general && <FieldErrorText field="form" error={general} labels={CALL_FORM_LABELS} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy} data-testid="create-incident">
          {busy ? t("call.submitting") : t("call.submit")}
        </button>
        <button type="button" onClick={reset}>
          {t("call.reset")}
        </button>
      </div>
      <div className="hint">{t("call.keys")}</div>
    </form>
  );
});
