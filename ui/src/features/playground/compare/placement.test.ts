import { describe, expect, it } from "vitest";
import type { ContentItem, Conversation } from "../../../lib/ipc/bindings";
import { applyPlacement, stripCachePoints } from "./placement";

const doc = (name: string): ContentItem => ({ type: "document", name, format: "txt", text: "text" });

/** The conversation of bakeoff.rs's own test: a tool, a system prompt with a 1h point, four documents, two user turns. */
function conversation(): Conversation {
  return {
    tools: [{ type: "tool", name: "lookup", description: "", inputSchema: "{}" }],
    system: [
      { type: "text", text: "sys" },
      { type: "cachePoint", ttl: "1h" },
    ],
    messages: [
      { role: "user", content: [doc("a"), doc("b"), doc("c"), doc("d"), { type: "text", text: "q1" }] },
      { role: "assistant", content: [{ type: "text", text: "a1" }, { type: "cachePoint", ttl: "1h" }] },
      { role: "user", content: [{ type: "text", text: "q2" }] },
    ],
    inference: { maxTokens: 512, stopSequences: ["END"] },
  };
}

/** Where every point stands, as "section:message:index" strings. */
function points(c: Conversation): string[] {
  const out: string[] = [];
  c.tools.forEach((t, i) => t.type === "cachePoint" && out.push(`tools:${i}:${t.ttl}`));
  c.system.forEach((s, i) => s.type === "cachePoint" && out.push(`system:${i}:${s.ttl}`));
  c.messages.forEach((m, mi) => m.content.forEach((x, i) => x.type === "cachePoint" && out.push(`m${mi}:${i}:${x.ttl}`)));
  return out;
}

describe("applyPlacement", () => {
  it("strips every existing point for noCache", () => {
    expect(points(applyPlacement("noCache", conversation(), "5m"))).toEqual([]);
  });

  it("puts one point at the end of the system prompt for systemOnly, with the given TTL", () => {
    const out = applyPlacement("systemOnly", conversation(), "5m");
    expect(points(out)).toEqual(["system:1:5m"]);
    expect(out.system.at(-1)).toEqual({ type: "cachePoint", ttl: "5m" });
  });

  it("adds a point after the tools for systemAndTools, only when there are tools", () => {
    expect(points(applyPlacement("systemAndTools", conversation(), "1h"))).toEqual(["tools:1:1h", "system:1:1h"]);
    const noTools = { ...conversation(), tools: [] };
    expect(points(applyPlacement("systemAndTools", noTools, "5m"))).toEqual(["system:1:5m"]);
  });

  it("closes the last user message for systemAndLastUser", () => {
    const out = applyPlacement("systemAndLastUser", conversation(), "5m");
    expect(points(out)).toEqual(["system:1:5m", "m2:1:5m"]);
    expect(out.messages[2]?.content.at(-1)).toEqual({ type: "cachePoint", ttl: "5m" });
  });

  it("puts points after the last three documents only for perDocument (four points in all)", () => {
    const out = applyPlacement("perDocument", conversation(), "5m");
    expect(points(out)).toEqual(["system:1:5m", "m0:2:5m", "m0:4:5m", "m0:6:5m"]);
    expect(out.messages[0]?.content[1]).toMatchObject({ type: "document", name: "b" });
    expect(out.messages[0]?.content.map((c) => (c.type === "document" ? c.name : c.type))).toEqual([
      "a",
      "b",
      "cachePoint",
      "c",
      "cachePoint",
      "d",
      "cachePoint",
      "text",
    ]);
  });

  it("puts no system point when there is no system prompt", () => {
    const c = { ...conversation(), system: [] };
    expect(points(applyPlacement("systemOnly", c, "5m"))).toEqual([]);
    expect(points(applyPlacement("systemAndLastUser", c, "5m"))).toEqual(["m2:1:5m"]);
  });

  it("leaves the input untouched and keeps everything else", () => {
    const input = conversation();
    const before = structuredClone(input);
    const out = applyPlacement("perDocument", input, "5m");
    expect(input).toEqual(before);
    expect(out.inference).toEqual(before.inference);
    expect(out.inference.stopSequences).not.toBe(input.inference.stopSequences);
    expect(stripCachePoints(out)).toEqual(stripCachePoints(input));
  });
});
