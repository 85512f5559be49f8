/** The officer's phone offers exactly the steps the server's transition table accepts. */
import { describe, expect, it } from "vitest";
import { ASSIGNMENT_STATUSES, ASSIGNMENT_STEPS, ASSIGNMENT_TRANSITIONS, nextAssignmentSteps } from "./model.ts";

describe("nextAssignmentSteps", () => {
  it("offers from each status only the moves the server accepts, never a dispatch", () => {
    for (const s of ASSIGNMENT_STATUSES) {
      const offered = nextAssignmentSteps(s);
      for (const step of offered) expect(ASSIGNMENT_TRANSITIONS[s]).toContain(step);
      expect(offered).not.toContain("dispatched");
      for (const step of offered) expect(ASSIGNMENT_STEPS).toContain(step);
    }
  });
  it("after a dispatch offers acknowledge and en route, not on scene; on scene offers only clear", () => {
    expect(nextAssignmentSteps("dispatched")).toEqual(["acknowledged", "en_route", "cancelled"]);
    expect(nextAssignmentSteps("on_scene")).toEqual(["cleared"]);
    expect(nextAssignmentSteps("cleared")).toEqual([]);
  });
});
