/** The incidents module's views (incidents and their categories), as far as the console reads them. */
import type { Named } from "../platform/types.ts";

export interface Category extends Named {
  code: string;
  kind: string;
  kindZh: string;
  kindEn: string;
  defaultPriority: Priority;
  police: boolean;
}

export type Priority = "in_progress" | "urgent" | "routine";

export const PRIORITIES: Priority[] = ["in_progress", "urgent", "routine"];

export const CHANNELS = ["call_110", "call_122", "sms", "app", "alarm_device", "sensor", "hotline", "volunteer"] as const;

export interface Incident {
  id: string;
  number: string;
  channel: string;
  status: "new" | "dispatched" | "on_scene" | "cleared" | "closed" | "cancelled";
  category: { code: string; kind: string; nameZh: string; nameEn: string };
  priority: Priority;
  caller: { name: string | null; phone: string | null; masked: boolean } | null;
  location: {
    lat: number;
    lon: number;
    address: string | null;
    zoneId: string | null;
    stationId: string | null;
    districtId: string | null;
    areaType: string | null;
  };
  narrative: string | null;
  disposition: { code: string; nameZh: string; nameEn: string; note: string | null } | null;
  times: {
    receivedAt: string;
    createdAt: string;
    firstDispatchedAt: string | null;
    firstOnSceneAt: string | null;
    clearedAt: string | null;
    closedAt: string | null;
    cancelledAt: string | null;
  };
  orgPath: string;
  version: number;
}

export const OPEN_STATUSES = ["new", "dispatched", "on_scene", "cleared"];
