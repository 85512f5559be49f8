/** The interception tests' headline case: a burglary in progress on Hubin road, the suspects fleeing by car. */
import { expect } from "vitest";
import type { Api } from "./harness.ts";

export const SCENE = { lat: 30.255, lon: 120.17 };

/** Creates the burglary (in progress, from an alarm panel) and returns its id. */
export async function newBurglary(api: Api, key: string): Promise<string> {
  const r = await api(
    "POST",
    "/api/v1/incidents",
    {
      channel: "alarm_device",
      categoryCode: "alarm.burglary",
      priority: "in_progress",
      location: { ...SCENE, address: "上城区湖滨路 1 号" },
      narrative: "红外入侵报警，两名嫌疑人驾车逃离",
    },
    { "Idempotency-Key": key },
  );
  expect(r.status).toBe(201);
  return r.body.id as string;
}
