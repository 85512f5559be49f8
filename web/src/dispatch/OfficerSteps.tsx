/** The four big status buttons of the officer terminal: those reached are done, the next one stands out. */
import { useTranslation } from "react-i18next";
import { ASSIGNMENT_STATUSES } from "../../../src/dispatch/model.ts";
import type { Assignment } from "./types.ts";

const STEPS = [
  { status: "acknowledged", label: "officer.ack" },
  { status: "en_route", label: "officer.enRoute" },
  { status: "on_scene", label: "officer.onScene" },
  { status: "cleared", label: "officer.clear" },
] as const;

export interface OfficerStepsProps {
  /** The assignment's status now. */
  current: Assignment["status"];
  busy: boolean;
  onStep: (status: string) => void;
}

export function OfficerSteps({ current, busy, onStep }: OfficerStepsProps) {
  const { t } = useTranslation();
  // The server lists an assignment's statuses in the order they are reached (cancelled, never shown here, last).
  const at = ASSIGNMENT_STATUSES.indexOf(current);
  return (
    <div className="step-buttons">
      {STEPS.map((s, idx) => {
        const done = at >= idx + 1;
        const next = at === idx;
        return (
          <button
            key={s.status}
            type="button"
            className={`step ${done ? "done" : ""} ${next ? "next" : ""}`}
            disabled={busy || done}
            onClick={() => onStep(s.status)}
            data-testid={`step-${s.status}`}
          >
            {t(s.label)}
          </button>
        );
      })}
    </div>
  );
}
