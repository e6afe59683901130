import { describe, expect, it } from "vitest";
import { splitCode } from "./message-text";

describe("splitCode", () => {
  it("finds the commands between backticks", () => {
    expect(splitCode("Run `aws sso login --profile dev` and test again.")).toEqual([
      { text: "Run ", code: false },
      { text: "aws sso login --profile dev", code: true },
      { text: " and test again.", code: false },
    ]);
  });

  it("leaves an unpaired backtick as text", () => {
    expect(splitCode("a ` b").map((p) => p.text).join("")).toBe("a ` b");
    expect(splitCode("a ` b").every((p) => !p.code)).toBe(true);
  });
});
