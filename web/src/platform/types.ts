/**
 * Shapes every module's views share. The views themselves are the server's (its schemas.ts files
 * are the contract); what is declared here is only the web's own reading of them.
 */
import type { TimelineEntry } from "../../../src/incidents/schemas.ts";

/** Anything named in both languages (a category, an org, a unit status), as `pickName` reads it. */
export interface Named {
  nameZh: string;
  nameEn: string;
}

/**
 * An event as the live stream carries it: a logged event (the same one a timeline lists), or a
 * transient one such as an AVL position, which is not logged and so has no seq. The stream's
 * messages have no schema of their own, so this is the timeline entry's, narrowed to what the
 * console reads.
 */
export type StreamEvent = Pick<TimelineEntry, "type" | "stream" | "streamId" | "at" | "data"> & { seq: TimelineEntry["seq"] | null };
