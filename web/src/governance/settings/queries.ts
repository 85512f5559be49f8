/** The settings reads (分流设置), each kept under its key in the query cache (data/query.ts). */
import { keys } from "../../data/keys.ts";
import { get } from "../../data/query.ts";
import type { Rule, TimerList } from "./types.ts";

export const routingRulesRead = () => get<Rule[]>(keys.routingRules(), "/governance/routing-rules");
export const timersRead = () => get<TimerList>(keys.timers(), "/governance/timers");
