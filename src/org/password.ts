/**
 * Password hashing with scrypt from node:crypto: no native dependency, memory-hard.
 *
 * scrypt runs on libuv's thread pool (4 threads by default), which file access, DNS and zlib
 * share. Unbounded, a flood of sign-ins fills the pool and a legitimate sign-in waits behind all
 * of them. So at most SCRYPT_CONCURRENCY computations run at once per process and the rest wait
 * in a FIFO queue; a sign-in that would wait behind more than MAX_WAITING_VERIFICATIONS others is
 * refused at once (503 `login_busy`) rather than kept waiting for seconds.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import { Problem } from "../platform/problem.ts";

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const PARAMS = { N: 16384, r: 8, p: 1 };

/** Two of the pool's four threads: the others stay free for the rest of the process. */
export const SCRYPT_CONCURRENCY = 2;
/** About half a second of queue at ~30 ms a hash: beyond it a sign-in is told to retry. */
export const MAX_WAITING_VERIFICATIONS = 32;

let running = 0;
let completed = 0;
const waiting: (() => void)[] = [];

/** What the hashing queue is doing now (the figures a test or a health view reads). */
export function hashingStats(): { running: number; waiting: number; completed: number } {
  return { running, waiting: waiting.length, completed };
}

/**
 * Runs one scrypt computation when a slot is free. The slot is taken synchronously when one is
 * free, so the queue's state right after a call is exact.
 */
async function inSlot<T>(work: () => Promise<T>, opts: { shed: boolean }): Promise<T> {
  if (running >= SCRYPT_CONCURRENCY) {
    if (opts.shed && waiting.length >= MAX_WAITING_VERIFICATIONS) throw new Problem(503, "login_busy", {}, { retryAfterS: 1 });
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await work();
  } finally {
    completed++;
    // The slot passes straight to the next in line, so `running` never dips between them.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Hashing a new password waits its turn however long the queue (seeding hashes many at once). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await inSlot(() => scrypt(password, salt, 32, PARAMS), { shed: false });
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Checking a sign-in's password; refused with 503 `login_busy` when the queue is full. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64");
  const actual = await inSlot(
    () =>
      scrypt(password, Buffer.from(salt, "base64"), expected.length, {
        N: Number(n),
        r: Number(r),
        p: Number(p),
      }),
    { shed: true },
  );
  return timingSafeEqual(actual, expected);
}
