/**
 * The API client: bearer token, the reader's language, and problem+json errors kept whole
 * (code, field, both titles) so a form can show them next to the right field.
 */
import type { Static } from "typebox";
import type { Problem } from "../../../src/platform/schemas.ts";
import { currentLang } from "../i18n.ts";
import type { Permission, Session } from "../org/types.ts";

/**
 * A problem as the server declares it (platform/schemas.ts), every field optional: an error can
 * also come from a proxy or a crashed request, with a body that is not one.
 */
export type ProblemBody = Partial<Static<typeof Problem>> & Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody,
  ) {
    super(problem.title ?? `HTTP ${status}`);
  }
  get code(): string | undefined {
    return this.problem.code;
  }
  get field(): string | undefined {
    return this.problem.field;
  }
  /**
   * A validation problem's message with the field named by the label the reader sees on screen
   * ("报警人姓名：长度不能超过 50 个字符"), not by the server's pointer; other problems as they are.
   */
  labelled(label: string | undefined): string {
    const r = this.problem.reasons;
    if (!label || !r) return this.localized();
    return currentLang() === "en" ? `${label}: ${r.en}` : `${label}：${r["zh-CN"]}`;
  }
  /** The server's message in the language the reader has now (it may have switched since). */
  localized(): string {
    const t = this.problem.titles;
    return (currentLang() === "en" ? t?.en : t?.["zh-CN"]) ?? this.problem.title ?? this.message;
  }
}

/** A request that never reached the server (network down). */
export class NetworkError extends Error {}

/**
 * The session lives in this tab's sessionStorage (it survives a reload, not the browser), never
 * in localStorage, which outlives the browser and is readable by every later user of the
 * machine. Other tabs of the same console get it over a BroadcastChannel while it lasts, and are
 * signed out with it.
 */
const SESSION_KEY = "lantern.session";
/** What the console keeps in localStorage across sessions: device settings, nothing personal. */
const DEVICE_SETTINGS = new Set(["lantern.lang", "lantern.tileUrl", "lantern.geo"]);
let session: Session | null = readSession();
const expiryListeners = new Set<() => void>();
const changeListeners = new Set<(s: Session | null) => void>();
/** Milliseconds to add to Date.now() to get the server's clock (from the Date header). */
let serverOffsetMs = 0;

type TabMessage = { kind: "ask" } | { kind: "session"; session: Session } | { kind: "ended" };
const tabs: BroadcastChannel | null = typeof BroadcastChannel === "function" ? new BroadcastChannel("lantern.session") : null;

// A declaration, not a const: readSession() runs while the module initialises, above this line.
function live(s: Session | null): s is Session {
  return !!s && Date.parse(s.expiresAt) > Date.now();
}

function readSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? "null") as Session | null;
    if (live(s)) return s;
  } catch {}
  return null;
}

function keep(s: Session | null): void {
  session = s;
  if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(SESSION_KEY);
}

if (tabs) {
  tabs.onmessage = (e: MessageEvent<TabMessage>) => {
    const m = e.data;
    if (m.kind === "ask" && session) tabs.postMessage({ kind: "session", session } satisfies TabMessage);
    else if (m.kind === "session" && !session && live(m.session)) {
      keep(m.session);
      for (const fn of changeListeners) fn(m.session);
    } else if (m.kind === "ended" && session) {
      keep(null);
      // This tab may have stored a keystroke of its own since the tab that signed out cleared up.
      forgetPersonalData();
      for (const fn of changeListeners) fn(null);
    }
  };
  // A new tab asks the open ones for their session.
  if (!session) tabs.postMessage({ kind: "ask" } satisfies TabMessage);
}

export function getSession(): Session | null {
  return session;
}

/** A session begins (sign-in: other tabs without one take it too) or ends in this tab only. */
export function setSession(s: Session | null): void {
  keep(s);
  if (s) tabs?.postMessage({ kind: "session", session: s } satisfies TabMessage);
}

/** Another tab signed in or out: the app follows. */
export function onSessionChange(fn: (s: Session | null) => void): () => void {
  changeListeners.add(fn);
  return () => changeListeners.delete(fn);
}

/**
 * Logout: ends the session on the server, then forgets it here and in every other tab, and
 * removes what the console stored for the person (the call draft with the caller's name and
 * phone, notes, the last user name). Device settings (language, tile server, GPS on/off) stay.
 */
export async function signOut(): Promise<void> {
  try {
    await api("POST", "/auth/logout");
  } catch {}
  keep(null);
  tabs?.postMessage({ kind: "ended" } satisfies TabMessage);
  forgetPersonalData();
}

function forgetPersonalData(): void {
  for (const store of [localStorage, sessionStorage]) {
    const keys = Array.from({ length: store.length }, (_, i) => store.key(i)).filter((k): k is string => k !== null);
    for (const k of keys) if (k.startsWith("lantern.") && !DEVICE_SETTINGS.has(k)) store.removeItem(k);
  }
}

export function onSessionExpired(fn: () => void): () => void {
  expiryListeners.add(fn);
  return () => expiryListeners.delete(fn);
}

export function serverNow(): number {
  return Date.now() + serverOffsetMs;
}

/** Typed by the server's permission list, so a misspelt permission fails the build rather than hiding a view. */
export function can(permission: Permission): boolean {
  return !!session?.user.permissions.includes(permission);
}

export async function api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        accept: "application/json",
        "accept-language": currentLang() === "en" ? "en" : "zh-CN",
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(session ? { authorization: `Bearer ${session.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  const date = res.headers.get("date");
  if (date) {
    const d = Date.parse(date);
    // The Date header has 1 s resolution: only correct skews larger than that.
    if (Math.abs(d - Date.now()) > 1500) serverOffsetMs = d - Date.now();
    else serverOffsetMs = 0;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { title: text };
  }
  if (!res.ok) {
    const problem = (parsed && typeof parsed === "object" ? parsed : { title: String(parsed) }) as ProblemBody;
    if (res.status === 401 && session && path !== "/auth/login") {
      setSession(null);
      for (const fn of expiryListeners) fn();
    }
    throw new ApiError(res.status, problem);
  }
  return parsed as T;
}

/** A user-facing message for any error, in the current language. */
export function errorText(e: unknown, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (e instanceof ApiError) return e.localized();
  if (e instanceof NetworkError) return t("err.network");
  return String((e as Error)?.message ?? e);
}

export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}
