/**
 * The big status buttons of the officer terminal: those reached are done, and of the rest only
 * the steps the server's transition table accepts from the current status are offered (the first
 * of them stands out), so the phone never offers a step the server would refuse.
 */
import { useTranslation } from "react-i18next";
import { ASSIGNMENT_STATUSES, nextAssignmentSteps } from "../../../src/dispatch/model.ts";
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
  const offered: readonly string[] = nextAssignmentSteps(current);
  const first = STEPS.find((s) => offered.includes(s.status))?.status;
  return (
    <div className="step-buttons">
      {STEPS.map((s) => {
        const done = at >= ASSIGNMENT_STATUSES.indexOf(s.status) && current !== "cancelled";
        if (!done && !offered.includes(s.status)) return null;
        const next = s.status === first;
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
