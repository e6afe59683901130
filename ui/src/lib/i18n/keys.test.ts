// `t()` takes only registered message keys. The `@ts-expect-error` lines are the test: if a misspelt key were ever
// accepted again, the directive would be unused and svelte-check (`npm run check`) would fail.
import { describe, expect, expectTypeOf, it } from "vitest";
import { i18n, t, type MessageKey, type SubKey } from "./index.svelte";
import "../messages";

describe("message keys are checked by the compiler", () => {
  it("refuses a misspelt key, and shows the key itself if one slips through at run time", () => {
    i18n.set("en");
    // @ts-expect-error -- no such message
    expect(t("shell.no.such.key")).toBe("shell.no.such.key");
    // @ts-expect-error -- a prefix nobody registered
    expect(t("shel.brand")).toBe("shel.brand");
    // @ts-expect-error -- a group of messages is not a message
    expect(t("shell.nav")).not.toBe("");
    expect(t("shell.brand")).toBe("Outcrop");
  });

  it("knows every feature's keys, with plural forms named by their base key", () => {
    expectTypeOf<"shell.nav.label">().toExtend<MessageKey>();
    expectTypeOf<"connections.page.title">().toExtend<MessageKey>();
    expectTypeOf<"playground.editor.summary.breakEven">().toExtend<MessageKey>();
    expectTypeOf<"playground.run.transcript.retried">().toExtend<MessageKey>();
    expectTypeOf<"playground.run.transcript.retried_one">().not.toExtend<MessageKey>();
    expectTypeOf<"playground.run.transcript.nope">().not.toExtend<MessageKey>();
    expectTypeOf<string>().not.toExtend<MessageKey>();
  });

  it("types a helper over one part of the tree", () => {
    expectTypeOf<"code.label">().toExtend<SubKey<"playground.run">>();
    expectTypeOf<"code.title">().not.toExtend<SubKey<"playground.run">>();
    expectTypeOf<"title">().toExtend<SubKey<"playground.compare.compare">>();
    expectTypeOf<"nav.label">().toExtend<SubKey<"shell">>();
    expectTypeOf<"nav.nope">().not.toExtend<SubKey<"shell">>();
  });
});
