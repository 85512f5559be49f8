import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { publicText } from "./public-text.ts";

describe("a citizen's text as the public reads it", () => {
  it("masks phone numbers, ID cards, e-mail addresses and flat numbers, and keeps the rest", () => {
    const cases: [string, string][] = [
      ["电话13900001111", "电话***"],
      ["请回电 139 0000 1111 或 +86 139-0000-1111", "请回电 *** 或 ***"],
      ["座机 0571-87654321，(0571) 8765 4321，87654321", "座机 ***，***，***"],
      ["身份证 330102199001011234 / 33010219900101123X / 330102900101123", "身份证 *** / *** / ***"],
      ["邮箱 zhang.ming@example.com。", "邮箱 ***。"],
      ["住 3幢2单元501室，隔壁 502 室", "住 3幢2单元***室，隔壁 *** 室"],
      ["5栋1203、1号楼2单元301、B座1808", "5栋***、1号楼2单元***、B座***"],
      ["3-2-501 的住户", "3-2-*** 的住户"],
      ["Room 5B, Flat 12, Apt. 3", "Room ***, Flat ***, Apt. ***"],
      // What says where and when stays.
      ["湖滨路 12 号 3幢2单元门口", "湖滨路 12 号 3幢2单元门口"],
      ["2026-11-01 起每晚 22:30 开始，已持续 3 周，罚款 5000 元", "2026-11-01 起每晚 22:30 开始，已持续 3 周，罚款 5000 元"],
      ["5楼有人唱歌到 23 点", "5楼有人唱歌到 23 点"],
    ];
    for (const [text, shown] of cases) expect(publicText(text), text).toBe(shown);
  });

  it("leaves no run of seven digits in anything", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("1", "3", "9", "0", " ", "-", "+", "(", ")", "室", "单元", "号", "a", "X"), maxLength: 60 }),
        (t) => {
          expect(publicText(t)).not.toMatch(/\d{7}/);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
