// Parity between the two languages for every feature's messages at once: the same keys (as `Translation<T>`
// also checks at compile time), and every figure the English fills in filled in by the Japanese too.
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import "./lib/messages";
import "./lib/aws-reason-messages";
import "./lib/rule-messages";
import "./lib/resolver/messages";
import "./lib/floor-probe/messages";
import "./features/connections/messages";
import "./features/models/messages";
import "./features/models/projects-messages";
import "./features/playground/messages";
import "./features/playground/editor/messages";
import "./features/playground/run/messages";
import "./features/playground/compare/messages";
import "./features/playground/demo/messages";
import "./features/what-if/messages";
import "./features/usage/messages";
import "./features/playground/report/messages";
import "./features/usage/spend/messages";
import type { Registered } from "./lib/i18n/keys";

/** Every registered prefix (the compiler refuses this list when a feature registers one it lacks: import it above). */
const PREFIXES: Record<keyof Registered, true> = {
  shell: true,
  awsError: true,
  rules: true,
  resolver: true,
  floorProbe: true,
  connections: true,
  models: true,
  projects: true,
  "playground.page": true,
  "playground.editor": true,
  "playground.run": true,
  "playground.compare": true,
  "playground.demo": true,
  whatIf: true,
  usage: true,
  "playground.report": true,
  usageSpend: true,
};

/** Every message of a bundle: dotted key → text. */
function flatten(tree: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value as object, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => new Set(text.match(/\{\{\w+\}\}/g) ?? []);

/** `{{error}}` is a JSON parser's English words: a Japanese sentence leaves it out (and names line and column). */
const ENGLISH_ONLY = new Set(["{{error}}"]);

describe("English and Japanese messages", () => {
  const en = flatten(i18next.getResourceBundle("en", "translation") as object);
  const ja = flatten(i18next.getResourceBundle("ja", "translation") as object);

  it("have the same keys, for every registered feature", () => {
    for (const prefix of Object.keys(PREFIXES)) {
      expect([...en.keys()].some((key) => key.startsWith(`${prefix}.`)), prefix).toBe(true);
    }
    expect([...ja.keys()].sort()).toEqual([...en.keys()].sort());
  });

  it("fill in the same figures, and no Japanese message is empty", () => {
    const dropped = [...en].flatMap(([key, text]) => {
      const japanese = placeholders(ja.get(key) ?? "");
      return [...placeholders(text)].filter((p) => !ENGLISH_ONLY.has(p) && !japanese.has(p)).map((p) => `${key} ${p}`);
    });
    expect(dropped).toEqual([]);
    expect([...ja].filter(([, text]) => text.trim() === "").map(([key]) => key)).toEqual([]);
  });
});
