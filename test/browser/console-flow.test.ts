/** The dispatcher → officer → close story in the browser, in zh-CN (the default language). */
import { afterAll, beforeAll, describe, it } from "vitest";
import { dispatcherOfficerFlow } from "./flow.ts";
import { type ConsoleRig, hasChromium, skipLine, startRig } from "./harness.ts";

skipLine("Browser console flow (zh-CN)");

describe.skipIf(!hasChromium)("console in the browser (zh-CN)", () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  it("takes a call, dispatches the plan with one click, and follows the officer to the close, live", async () => {
    const r = await dispatcherOfficerFlow(rig, "zh-CN", "文三路12号");
    console.log(`login → first console screen (map with all units drawn): ${r.firstScreenMs} ms`);
  });
});
