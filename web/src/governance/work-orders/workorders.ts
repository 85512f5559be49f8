/**
 * Work orders (工单) as the town centre and the field worker see them: the live reading of their
 * timers, the worker's next steps, and the photo upload, which sends raw
 * image bytes rather than JSON and so cannot go through api().
 */

// The server's list of photo types (a file with no imports, so it bundles as is).
import { PHOTO_TYPES } from "../../../../src/governance/model.ts";
import i18next, { currentLang, pickName } from "../../i18n.ts";
import { ApiError, api, getSession, NetworkError, type ProblemBody, serverNow } from "../../platform/api.ts";
import { store } from "../../platform/store.ts";
import {
  OPEN_WORK_ORDER_STATUSES,
  type PhotoUpload,
  type SkillName,
  type TimerStage,
  type TimerState,
  type WorkOrder,
  type WorkOrderTimer,
} from "./types.ts";

export const isOpen = (o: WorkOrder): boolean => OPEN_WORK_ORDER_STATUSES.includes(o.status);

// ---- timers ---------------------------------------------------------------------------------

export interface LiveTimer {
  stage: TimerStage;
  state: TimerState;
  /** Seconds left (negative once overdue); null when the stage is done or the clock stopped. */
  remainingS: number | null;
  deadline: number;
}

/**
 * A timer at this moment. The server's view is as of the fetch; the deadline is fixed, so the
 * state and the seconds left are recomputed here against the server's clock every tick.
 */
export function liveTimer(t: WorkOrderTimer, stopped: boolean, now = serverNow()): LiveTimer {
  const deadline = Date.parse(t.deadline);
  if (t.doneAt || stopped) return { stage: t.stage, state: t.state, remainingS: null, deadline };
  const start = deadline - t.seconds * 1000;
  const state: TimerState = now > deadline ? "overdue" : now > start + t.warnSeconds * 1000 ? "warning" : "pending";
  return { stage: t.stage, state, remainingS: (deadline - now) / 1000, deadline };
}

/** The stage the order is running against now: the first not yet done (none once escalated). */
export function runningTimer(o: WorkOrder, now = serverNow()): LiveTimer | null {
  if (o.status === "escalated") return null;
  const t = o.timers.find((x) => !x.doneAt);
  return t ? liveTimer(t, false, now) : null;
}

/**
 * Most urgent first: the earliest running deadline (so the most overdue leads), then orders with
 * no running clock, newest last. Ordering by deadline needs no clock: it is the same order as by
 * seconds left at any moment.
 */
export function byTimerUrgency(a: WorkOrder, b: WorkOrder): number {
  const da = runningTimer(a)?.deadline ?? Number.POSITIVE_INFINITY;
  const db = runningTimer(b)?.deadline ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da - db;
  return Date.parse(a.times.createdAt) - Date.parse(b.times.createdAt);
}

// ---- the worker's steps -----------------------------------------------------------------------

export type WorkerAction = "take" | "decline" | "on_scene" | "handled" | "feedback" | "closed" | "escalate";

/** The route of each step that posts `{note}` (the same routes serve the centre acting on a worker's behalf). */
export const STEP_PATHS = { on_scene: "on-scene", handled: "handled", feedback: "feedback", closed: "close" } as const;
export type WorkStep = keyof typeof STEP_PATHS;

/** The next step the order allows, for the centre recording it on the worker's behalf. */
export function nextWorkStep(o: WorkOrder): WorkStep | null {
  for (const s of ["on_scene", "handled", "feedback", "closed"] as const) if (o.allowed.includes(s)) return s;
  return null;
}

/**
 * What this worker may do next, read from the server's `allowed` moves: a team offer can only be
 * taken; decline and escalation are for the worker it is assigned to.
 */
export function workerActions(o: WorkOrder, me: string): WorkerAction[] {
  const mine = o.assigneeId === me;
  const out: WorkerAction[] = [];
  if (o.allowed.includes("taken") && (mine || !o.assigneeId)) out.push("take");
  if (!mine) return out;
  const step = nextWorkStep(o);
  if (step) out.push(step);
  if (o.status === "dispatched" && o.allowed.includes("accepted")) out.push("decline");
  if (o.allowed.includes("escalated")) out.push("escalate");
  return out;
}

// ---- names ------------------------------------------------------------------------------------

/**
 * A category's name where only its code is at hand (the figures by category). Town staff cannot
 * read the police category list, so the non-police categories have their own strings; the code
 * is the last resort. A work order carries its category's names itself.
 */
export function categoryName(code: string): string {
  const c = store.categories.find((x) => x.code === code);
  if (c) return pickName(c);
  return i18next.t(`wo.cat.${code}`, { defaultValue: code });
}

export function skillName(skills: SkillName[], code: string | null): string {
  if (!code) return "";
  const s = skills.find((x) => x.code === code);
  return s ? pickName(s) : code;
}

export function addressOf(o: WorkOrder): string {
  return o.location.address ?? `${o.location.lat.toFixed(5)}, ${o.location.lon.toFixed(5)}`;
}

// ---- photos -----------------------------------------------------------------------------------

// Must equal the server's PHOTO_MAX_BYTES (governance/work-orders/photos.ts), whose file reads the
// database and so cannot be bundled.
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** Long side of a re-encoded photo: plenty to show what was done, well under the size limit. */
const PHOTO_MAX_SIDE = 2560;

/** A photo the phone cannot send as it is; `key` names the message. */
export class PhotoError extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

/**
 * The bytes to upload. A JPEG, PNG or WebP within the limit goes as it is; anything else (a
 * 12-megapixel shot over 5 MB, a HEIC from an iPhone where the browser can decode it) is
 * re-encoded as JPEG at most 2560 px on its long side.
 */
export async function preparePhoto(file: Blob): Promise<Blob> {
  if ((PHOTO_TYPES as readonly string[]).includes(file.type) && file.size <= PHOTO_MAX_BYTES) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new PhotoError("worker.photoUnsupported");
  }
  const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const out = await new Promise<Blob | null>((done) => canvas.toBlob(done, "image/jpeg", 0.85));
  if (!out) throw new PhotoError("worker.photoUnsupported");
  if (out.size > PHOTO_MAX_BYTES) throw new PhotoError("worker.photoTooBig");
  return out;
}

function authHeaders(): Record<string, string> {
  const s = getSession();
  return {
    accept: "application/json",
    "accept-language": currentLang() === "en" ? "en" : "zh-CN",
    ...(s ? { authorization: `Bearer ${s.token}` } : {}),
  };
}

/** Throws the server's problem+json as an ApiError, the way api() does. */
async function failure(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  let problem: ProblemBody;
  try {
    const parsed = text ? JSON.parse(text) : null;
    problem = parsed && typeof parsed === "object" ? parsed : { title: text || `HTTP ${res.status}` };
  } catch {
    problem = { title: text || `HTTP ${res.status}` };
  }
  // A cheap authenticated call through api() runs the shared session-expiry handling.
  if (res.status === 401) void api("GET", "/me").catch(() => {});
  return new ApiError(res.status, problem);
}

/** `POST /work-orders/{id}/photos` with the raw image as the body; `feedback {photoId}` attaches it. */
export async function uploadPhoto(orderId: string, photo: Blob): Promise<PhotoUpload> {
  let res: Response;
  try {
    res = await fetch(`/api/v1/work-orders/${encodeURIComponent(orderId)}/photos`, {
      method: "POST",
      headers: { ...authHeaders(), "content-type": photo.type || "application/octet-stream" },
      body: photo,
    });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  if (!res.ok) throw await failure(res);
  return (await res.json()) as PhotoUpload;
}

/** A stored photo's bytes. An <img src> cannot send the bearer token, so the view shows a blob URL. */
export async function fetchPhoto(url: string): Promise<Blob> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { ...authHeaders(), accept: "image/*" } });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  if (!res.ok) throw await failure(res);
  return res.blob();
}
