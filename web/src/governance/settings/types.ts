/** The routing-rule and timer views the settings read and write (分流设置), as far as the console reads them. */
import type { RoutingRule, TimerSetting, TimerStage } from "../../../../src/governance/model.ts";

/** `GET /governance/routing-rules`: built-in rules (id null) and configured ones. */
export interface Rule extends RoutingRule {
  id: string | null;
  builtIn: boolean;
  updatedAt?: string | null;
}

/** `GET /governance/timers`. */
export interface TimerList {
  defaults: TimerSetting[];
  overrides: { stage: TimerStage; categoryCode: string | null; seconds: number; warnSeconds: number }[];
}

/** The answer to `PUT /governance/timers`: the timer as stored. */
export interface SavedTimer {
  stage: TimerStage;
  categoryCode: string | null;
  seconds: number;
  warnSeconds: number;
}
