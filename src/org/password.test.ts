/**
 * The scrypt queue: a flood of sign-ins cannot take over libuv's thread pool, and one that would
 * wait too long is refused at once.
 */
import { describe, expect, it } from "vitest";
import { Problem } from "../platform/problem.ts";
import { hashingStats, hashPassword, MAX_WAITING_VERIFICATIONS, SCRYPT_CONCURRENCY, verifyPassword } from "./password.ts";

describe("password hashing", () => {
  it("verifies what it hashed, and nothing else", async () => {
    const stored = await hashPassword("tea-kettle-harbour");
    expect(await verifyPassword("tea-kettle-harbour", stored)).toBe(true);
    expect(await verifyPassword("tea-kettle-harbor", stored)).toBe(false);
  });

  it(`runs at most ${SCRYPT_CONCURRENCY} computations at once; the others wait in turn`, async () => {
    const stored = await hashPassword("tea-kettle-harbour");
    const before = hashingStats().completed;
    const checks = Array.from({ length: 10 }, () => verifyPassword("tea-kettle-harbour", stored));
    expect(hashingStats()).toMatchObject({ running: SCRYPT_CONCURRENCY, waiting: 10 - SCRYPT_CONCURRENCY });
    expect(await Promise.all(checks)).toEqual(Array(10).fill(true));
    expect(hashingStats()).toMatchObject({ running: 0, waiting: 0, completed: before + 10 });
  });

  it("refuses a sign-in at once when the queue is full, but never a new password's hash", async () => {
    const stored = await hashPassword("tea-kettle-harbour");
    const full = SCRYPT_CONCURRENCY + MAX_WAITING_VERIFICATIONS;
    const admitted = Array.from({ length: full }, () => verifyPassword("tea-kettle-harbour", stored));
    const refused = await verifyPassword("tea-kettle-harbour", stored).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Problem);
    expect(refused).toMatchObject({ status: 503, code: "login_busy", extra: { retryAfterS: 1 } });
    // Seeding and user creation hash many passwords at once: they queue, however long.
    const hashed = hashPassword("another-long-one");
    expect(hashingStats().waiting).toBe(MAX_WAITING_VERIFICATIONS + 1);
    expect((await Promise.all(admitted)).every(Boolean)).toBe(true);
    expect(await verifyPassword("another-long-one", await hashed)).toBe(true);
  });
});
