import { describe, expect, it, vi } from "vitest";
import { OutcropError } from "./ipc";
import type { FieldError, Rule } from "./ipc/bindings";
import { errorShown, LiveForm } from "./live-form.svelte";

/** A rule this UI has no words for: its English message is shown as it is. */
const OTHER_RULE = { code: "notWordedHere" } as unknown as Rule;

type Field = "name" | "token" | "key";

/** A form whose checks answer from `rules` (what a snapshot breaks); checks after the first wait far longer than a test. */
function formFor(rules: (snapshot: string) => FieldError[], options: { filled?: (field: Field) => boolean } = {}) {
  const checked: string[] = [];
  const form = new LiveForm<string, Field>({
    fields: ["name", "token", "key"],
    check: async (snapshot) => {
      checked.push(snapshot);
      return rules(snapshot);
    },
    checkCommand: "connection_check",
    submitCommand: "connection_add",
    shownWith: { token: ["key"] },
    delayMs: 60_000,
    ...options,
  });
  return { form, checked };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const nameRequired = (snapshot: string): FieldError[] => (snapshot === "" ? [{ field: "name", rule: OTHER_RULE, message: "Enter a name" }] : []);

describe("errorShown", () => {
  it("shows a rule after a submit attempt, once the field was left, or once it holds something", () => {
    expect(errorShown({ showAll: false, touched: false })).toBe(false);
    expect(errorShown({ showAll: false, touched: false, filled: false })).toBe(false);
    expect(errorShown({ showAll: true, touched: false })).toBe(true);
    expect(errorShown({ showAll: false, touched: true })).toBe(true);
    expect(errorShown({ showAll: false, touched: false, filled: true })).toBe(true);
  });
});

describe("LiveForm", () => {
  it("checks the first snapshot at once and shows a rule only once its field was left (or one it depends on)", async () => {
    const { form, checked } = formFor(() => [
      { field: "name", rule: OTHER_RULE, message: "Enter a name" },
      { field: "token", rule: OTHER_RULE, message: "A token needs a key" },
      { field: "region", rule: OTHER_RULE, message: "Unknown Region" },
    ]);
    form.schedule("");
    await settle();
    expect(checked).toEqual([""]);
    expect(form.checkedOnce).toBe(true);
    expect(form.visibleError("name")).toBeNull();
    expect(form.hiddenFields).toEqual(["name", "token"]);
    expect(form.otherErrors.map((e) => e.field)).toEqual(["region"]);
    form.touch("name");
    expect(form.visibleError("name")).toBe("Enter a name");
    expect(form.visibleError("token")).toBeNull();
    form.touch("key");
    expect(form.visibleError("token")).toBe("A token needs a key");
  });

  it("shows the rule of a filled field at once, when the form says so", async () => {
    const { form } = formFor(() => [{ field: "name", rule: OTHER_RULE, message: "Too long" }], { filled: (field) => field === "name" });
    form.schedule("x".repeat(70));
    await settle();
    expect(form.visibleError("name")).toBe("Too long");
  });

  it("submits what was typed last, checking it first, even while its check still waits", async () => {
    const { form, checked } = formFor(nameRequired);
    form.schedule("");
    await settle();
    form.schedule("Work"); // waits a minute for its check
    const act = vi.fn(async () => {});
    await form.submit(act);
    expect(checked).toEqual(["", "Work"]);
    expect(act).toHaveBeenCalledOnce();
    expect(form.showAll).toBe(false);
  });

  it("does not act while a rule is broken or something is missing: it shows every rule and focuses the first field in error", async () => {
    const { form } = formFor(nameRequired);
    const element = document.createElement("form");
    element.innerHTML = `<input name="other"><input name="name" aria-invalid="true">`;
    document.body.append(element);
    form.element = element;
    form.schedule("");
    const act = vi.fn(async () => {});
    await form.submit(act);
    expect(act).not.toHaveBeenCalled();
    expect(form.showAll).toBe(true);
    expect(form.visibleError("name")).toBe("Enter a name");
    expect(document.activeElement?.getAttribute("name")).toBe("name");

    // Nothing marked: `focusMissing` says where the missing thing is typed.
    element.querySelector("[aria-invalid]")?.removeAttribute("aria-invalid");
    form.schedule("Work");
    await form.submit(act, { blocked: () => true, focusMissing: (f) => f.querySelector<HTMLElement>('[name="other"]')?.focus() });
    expect(act).not.toHaveBeenCalled();
    expect(document.activeElement?.getAttribute("name")).toBe("other");
    element.remove();
  });

  it("puts a refused submit's field errors under their fields, and keeps its error", async () => {
    const { form } = formFor(() => []);
    form.schedule("Work");
    await form.submit(async () => {
      throw { code: "validation", message: "Check the form", detail: null, fields: [{ field: "key", rule: OTHER_RULE, message: "Malformed" }] };
    });
    expect(form.submitError).toBeInstanceOf(OutcropError);
    expect(form.submitError?.code).toBe("validation");
    expect(form.showAll).toBe(true);
    expect(form.visibleError("key")).toBe("Malformed");
    expect(form.submitting).toBe(false);
  });

  it("does not lock the form when a check fails: it says why and still submits", async () => {
    const { form } = formFor(() => {
      throw "no IPC";
    });
    form.schedule("Work");
    await settle();
    expect(form.checkError?.code).toBe("internal");
    expect(form.errors).toEqual([]);
    const act = vi.fn(async () => {});
    await form.submit(act);
    expect(act).toHaveBeenCalledOnce();
  });

  it("closes on Escape and submits on Enter in a text field, but not while an IME is composing", () => {
    const { form } = formFor(() => []);
    const input = document.createElement("input");
    const close = vi.fn();
    const submit = vi.fn();
    const key = (init: KeyboardEventInit) => {
      const event = new KeyboardEvent("keydown", { ...init, cancelable: true });
      Object.defineProperty(event, "target", { value: input });
      form.keydown(event, { close, submit });
      return event;
    };
    expect(key({ key: "Enter", isComposing: true }).defaultPrevented).toBe(false);
    expect(submit).not.toHaveBeenCalled();
    expect(key({ key: "Enter" }).defaultPrevented).toBe(true);
    expect(submit).toHaveBeenCalledOnce();
    expect(key({ key: "Escape" }).defaultPrevented).toBe(true);
    expect(close).toHaveBeenCalledOnce();
  });

  it("starts again from nothing when reset", async () => {
    const { form } = formFor(nameRequired);
    form.schedule("");
    await form.submit(async () => {});
    form.touch("name");
    form.reset();
    expect([form.errors, form.touched, form.showAll, form.submitError]).toEqual([[], {}, false, null]);
  });
});
