/** The same dispatcher → officer → close story with the console switched to English. */
import { afterAll, beforeAll, describe, it } from "vitest";
import { dispatcherOfficerFlow } from "./flow.ts";
import { type ConsoleRig, hasChromium, skipLine, startRig } from "./harness.ts";

skipLine("Browser console flow (en)");

describe.skipIf(!hasChromium)("console in the browser (English)", () => {
  let rig: ConsoleRig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig?.close());

  it("takes a call, dispatches the plan with one click, and follows the officer to the close, live", async () => {
    const r = await dispatcherOfficerFlow(rig, "en", "文三路13号");
    console.log(`login → first console screen (English): ${r.firstScreenMs} ms`);
  });
});
