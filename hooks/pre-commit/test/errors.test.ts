/**
 * The guard's own failures are core HushErrors with their codes (ERR_BASELINE, ERR_REVISION), so
 * the CLI and the scan action tell them apart by code, not by class or wording.
 */
import { describe, expect, it } from "vitest";
import { ERROR_INFO } from "@hush/core/errors";
import { makeRepo } from "../../../test/helpers/guard-repo.js";
import { checkHistory, checkRange, parseBaseline } from "../src/index.js";

describe("guard failures", () => {
  it("should refuse a file that is not a --json report with ERR_BASELINE", () => {
    for (const text of [
      "not json",
      "{}",
      '{"findings":[{"path":"a"}]}',
      '{"findings":[{"ruleId":"r","path":"a","fingerprint":"zz"}]}',
    ])
      expect(() => parseBaseline(text), text).toThrow(
        expect.objectContaining({ code: "ERR_BASELINE" }),
      );
    expect(parseBaseline('{"findings":[]}').size).toBe(0);
    expect(ERROR_INFO.ERR_BASELINE.exit).toBe(2);
  });

  it("should refuse an option-like or unknown revision with ERR_REVISION", async () => {
    const r = makeRepo();
    try {
      r.write("a.txt", "a\n");
      expect(r.commit("a", "a.txt").code).toBe(0);
      const where = { cwd: r.dir, env: r.env };
      await expect(
        checkRange({ ...where, base: "--output=/tmp/x", head: "HEAD" }),
      ).rejects.toMatchObject({
        code: "ERR_REVISION",
      });
      await expect(
        checkRange({ ...where, base: "1".repeat(40), head: "HEAD" }),
      ).rejects.toMatchObject({
        code: "ERR_REVISION",
      });
      await expect(checkHistory({ ...where, revs: ["--all"] })).rejects.toMatchObject({
        code: "ERR_REVISION",
      });
      expect(ERROR_INFO.ERR_REVISION.exit).toBe(2);
    } finally {
      r.cleanup();
    }
  });
});
