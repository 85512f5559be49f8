#!/usr/bin/env node
// Runs the TypeScript sources directly: Lantern ships no build step for the server,
// so `npx lantern` works straight from a clone.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
