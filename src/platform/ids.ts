import { randomUUID } from "node:crypto";

/** Opaque identifiers: UUIDs, so that several processes can create rows without coordination. */
export function newId(): string {
  return randomUUID();
}
