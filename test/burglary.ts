/** The interception tests' headline case: a burglary in progress on Hubin road, the suspects fleeing by car. */
import { expect } from "vitest";
import type { Api } from "./harness.ts";

export const SCENE = { lat: 30.2898, lon: 120.1874 };

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

/**
 * Dispatches the incident's latest plan the way the console does: the confirmation screen first,
 * then the dispatch carrying its `confirmation`. Answers the dispatch and the preview confirmed.
 */
export async function confirmAndDispatch(api: Api, incidentId: string, body: object = {}, headers?: Record<string, string>) {
  const preview = await api("POST", `/api/v1/incidents/${incidentId}/intercept-plan/dispatch-preview`, body);
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  const sent = await api(
    "POST",
    `/api/v1/incidents/${incidentId}/intercept-plan/dispatch`,
    { ...body, confirmation: preview.body.confirmation },
    headers,
  );
  return Object.assign(sent, { preview: preview.body });
}
