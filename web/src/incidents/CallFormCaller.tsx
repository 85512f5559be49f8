/** Who is calling, and on which channel: the first row of the call-taker form. */
import { useTranslation } from "react-i18next";
import { CHANNELS } from "../../../src/incidents/model.ts";
import { FieldErrorText } from "../platform/errors.tsx";
import { CALL_FORM_LABELS } from "./callFormFields.ts";
import type { Draft, DraftErrors, DraftUpdate } from "./useCallDraft.ts";

export interface CallFormCallerProps {
  draft: Draft;
  update: DraftUpdate;
  errors: DraftErrors;
  phoneRef: React.RefObject<HTMLInputElement | null>;
}

export function CallFormCaller({ draft, update, errors, phoneRef }: CallFormCallerProps) {
  const { t } = useTranslation();
  return (
    <div className="row">
      <label>
        {t("call.phone")}
        <input
          ref={phoneRef}
          name="phone"
          inputMode="tel"
          autoComplete="off"
          value={draft.phone}
          onChange={(e) => update({ phone: e.target.value })}
          aria-invalid={!!errors["caller.phone"]}
        />
        <FieldErrorText field="caller.phone" error={errors["caller.phone"]} labels={CALL_FORM_LABELS} />
      </label>
      <label>
        {t("call.name")}
        <input
          name="callerName"
          autoComplete="off"
          value={draft.name}
          onChange={(e) => update({ name: e.target.value })}
          aria-invalid={!!errors["caller.name"]}
        />
        <FieldErrorText field="caller.name" error={errors["caller.name"]} labels={CALL_FORM_LABELS} />
      </label>
      <label className="narrow">
        {t("call.channel")}
        <select
          name="channel"
          value={draft.channel}
          onChange={(e) => update({ channel: CHANNELS.find((c) => c === e.target.value) ?? draft.channel })}
        >
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
