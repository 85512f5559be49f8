/**
 * The routing-rule and timer views the settings read and write (分流设置). They are the server's
 * own contract types, so the console cannot drift from what the API sends.
 */
import type { RuleView, SavedRuleView } from "../../../../src/governance/routing/schemas.ts";
import type { TimerOverride, TimerSettingsView } from "../../../../src/governance/work-orders/schemas.ts";

/** `GET /governance/routing-rules`: built-in rules (id null) and configured ones. */
export type Rule = RuleView;

/** The answer to `PUT /governance/routing-rules`: the configured rule as stored. */
export type SavedRule = SavedRuleView;

/** `GET /governance/timers`. */
export type TimerList = TimerSettingsView;

/** The answer to `PUT /governance/timers`: the timer as stored. */
export type SavedTimer = TimerOverride;
