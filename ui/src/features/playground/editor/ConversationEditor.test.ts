import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import ConversationEditor from "./ConversationEditor.svelte";
import { byteLength } from "./plan-map";
import { editorContent, stubLayout } from "./test-dom";
import type { Rule } from "../../../lib/ipc/bindings";
import { makePlan, quietStore } from "./test-plan";

/** A rule this UI has no words for: its English message is shown as it is. */
const OTHER_RULE = { code: "notWordedHere" } as unknown as Rule;

beforeAll(stubLayout);
beforeEach(() => i18n.set("en"));

function messageSection(index: number): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-testid="message-editor"][data-message="${index}"]`);
  if (!found) throw new Error(`no message ${index}`);
  return found;
}

describe("ConversationEditor", () => {
  it("folds the middle of a long conversation, keeps a message with a cache point in view, and unfolds on demand", async () => {
    const store = quietStore();
    store.draft.conversation.messages = Array.from({ length: 61 }, (_, m) => ({
      role: m % 2 === 0 ? ("user" as const) : ("assistant" as const),
      content: [{ type: "text" as const, text: `Message ${m + 1}` }],
    }));
    store.draft.conversation.messages[30]!.content.push({ type: "cachePoint", ttl: "5m" });
    render(ConversationEditor, { store });
    const shown = () => [...document.querySelectorAll<HTMLElement>('[data-testid="message-editor"]')].map((e) => Number(e.dataset.message));
    expect(shown()).toEqual([0, 30, ...Array.from({ length: 12 }, (_, i) => 49 + i)]);
    const folds = screen.getAllByTestId("messages-fold");
    expect(folds.map((f) => f.textContent)).toEqual([
      expect.stringContaining("Messages 2–30 folded (29)"),
      expect.stringContaining("Messages 32–49 folded (18)"),
    ]);
    await fireEvent.click(within(folds[0]!).getByRole("button", { name: "Show all 61 messages" }));
    expect(shown()).toHaveLength(61);
    // Found by its action, not by role: computing every accessible name among 61 editors takes jsdom seconds.
    const foldAgain = document.querySelector<HTMLButtonElement>('[data-action="fold-messages"]')!;
    expect(foldAgain.textContent?.trim()).toBe("Fold the middle messages");
    await fireEvent.click(foldAgain);
    expect(screen.getAllByTestId("messages-fold")).toHaveLength(2);
  });

  it("adds a document dropped on a message, before its last text block", async () => {
    const store = quietStore();
    store.draft.conversation.messages[0]!.content = [{ type: "text", text: "Summarise this." }];
    render(ConversationEditor, { store });
    const section = messageSection(0);
    const file = new File(["# Quarterly report\n\n売上は増加した。"], "Q3 report.md", { type: "text/markdown" });

    await fireEvent.dragOver(section, { dataTransfer: { types: ["Files"], files: [file] } });
    expect(section.classList.contains("drop-active")).toBe(true);
    await fireEvent.drop(section, { dataTransfer: { types: ["Files"], files: [file] } });

    await waitFor(() => expect(store.draft.conversation.messages[0]!.content).toHaveLength(2));
    expect(store.draft.conversation.messages[0]!.content[0]).toEqual({
      type: "document",
      name: "Q3 report",
      format: "md",
      text: "# Quarterly report\n\n売上は増加した。",
    });
    expect(section.classList.contains("drop-active")).toBe(false);
    const card = within(section).getByTestId("document-card");
    expect(card.textContent).toContain("Q3 report · md");
    expect(card.textContent).toContain("28 characters");
    expect(within(section).getByTestId("drop-status").textContent).toBe("Added Q3 report.md to message 1.");
  });

  it("adds a dropped or pasted image to a user message as its bytes, and shows it with the plan's tokens", async () => {
    const store = quietStore();
    store.draft.conversation.messages[0]!.content = [{ type: "text", text: "What does this chart show?" }];
    render(ConversationEditor, { store });
    const section = messageSection(0);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 200, 0, 0, 0, 200]);
    const file = new File([png], "Revenue chart.png", { type: "image/png" });
    await fireEvent.drop(section, { dataTransfer: { types: ["Files"], files: [file] } });
    await waitFor(() => expect(store.draft.conversation.messages[0]!.content).toHaveLength(2));
    expect(store.draft.conversation.messages[0]!.content[0]).toEqual({
      type: "image",
      name: "Revenue chart",
      format: "png",
      data: "iVBORw0KGgoAAAANSUhEUgAAAMgAAADI",
    });
    store.plan = makePlan([[{ section: "message", message: 0, item: 0 }, 54]]);
    await tick();
    const card = within(section).getByTestId("image-card");
    expect(card.textContent).toContain("Revenue chart · png");
    expect(card.textContent).toContain("24 bytes");
    expect(within(card).getByTestId("image-tokens").textContent).toBe("≈ 54 tokens");
    expect(card.querySelector("img")?.getAttribute("src")).toBe("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAMgAAADI");

    // A screenshot pasted from the clipboard arrives as a file without a name.
    const pasted = new File([png], "", { type: "image/png" });
    await fireEvent.paste(section, { clipboardData: { files: [pasted], types: ["Files"] } });
    await waitFor(() => expect(store.draft.conversation.messages[0]!.content).toHaveLength(3));
    expect(store.draft.conversation.messages[0]!.content[1]).toMatchObject({ type: "image", name: "pasted image", format: "png" });
  });

  it("keeps images out of assistant messages and says why", async () => {
    const store = quietStore();
    store.draft.conversation.messages.push({ role: "assistant", content: [{ type: "text", text: "ok" }] });
    render(ConversationEditor, { store });
    const file = new File([new Uint8Array([0x47, 0x49, 0x46])], "cat.gif", { type: "image/gif" });
    await fireEvent.drop(messageSection(1), { dataTransfer: { types: ["Files"], files: [file] } });
    await waitFor(() => expect(within(messageSection(1)).getByTestId("drop-status").textContent).toBe("cat.gif was not added: images go in user messages."));
    expect(store.draft.conversation.messages[1]!.content.map((c) => c.type)).toEqual(["text"]);
    i18n.set("ja");
    await tick();
    expect(within(messageSection(1)).getByLabelText("ドキュメントを開く…")).toBeTruthy();
  });

  it("refuses files that cannot be documents", async () => {
    const store = quietStore();
    render(ConversationEditor, { store });
    const file = new File(["%PDF"], "scan.pdf");
    await fireEvent.drop(messageSection(0), { dataTransfer: { types: ["Files"], files: [file] } });
    await waitFor(() => expect(screen.getByTestId("drop-status").textContent).toContain("scan.pdf was not added"));
    expect(store.draft.conversation.messages[0]!.content.map((c) => c.type)).toEqual(["text"]);
  });

  it("opens documents with the labelled file input", async () => {
    const store = quietStore();
    render(ConversationEditor, { store });
    const user = userEvent.setup();
    const input = screen.getByLabelText("Open document or image…") as HTMLInputElement;
    expect(input.accept).toBe(".txt,.md,.csv,.html,.png,.jpg,.jpeg,.gif,.webp,image/png,image/jpeg,image/gif,image/webp");
    await user.upload(input, new File(["a,b\n1,2"], "table.csv", { type: "text/csv" }));
    await waitFor(() => expect(store.draft.conversation.messages[0]!.content[0]).toMatchObject({ type: "document", format: "csv", name: "table" }));
  });

  it("shows a document's token estimate from the plan", async () => {
    const store = quietStore();
    store.draft.conversation.messages[0]!.content = [
      { type: "document", name: "policy", format: "txt", text: "x".repeat(4000) },
      { type: "text", text: "Question?" },
    ];
    store.plan = makePlan([
      [{ section: "system", item: 0 }, 10],
      [{ section: "message", message: 0, item: 0 }, 1000],
      [{ section: "message", message: 0, item: 1 }, 3],
    ]);
    render(ConversationEditor, { store });
    expect(screen.getByTestId("document-tokens").textContent).toBe("≈ 1,000 tokens");
  });

  it("marks lint findings in the editor of the block they name, and lists their fix under it", async () => {
    const store = quietStore();
    const stamped = "Today is 2025-06-01T10:00:00Z. Be brief.";
    store.draft.conversation.system = [
      { type: "text", text: "You are helpful." },
      { type: "cachePoint", ttl: "5m" },
      { type: "text", text: stamped },
    ];
    store.draft.conversation.messages[0]!.content = [{ type: "text", text: "Also 2025-06-01T10:00:00Z here" }];
    const plan = makePlan([
      [{ section: "system", item: 0 }, 5],
      [{ section: "system", item: 2 }, 12],
      [{ section: "message", message: 0, item: 0 }, 8],
    ]);
    const start = byteLength("Today is ");
    plan.plan.lints = [
      { block: 1, start, end: start + 20, kind: "timestamp", text: "2025-06-01T10:00:00Z", fix: { code: "moveTimestamp" }, fixMessage: "Move this timestamp after the cache point" },
    ];
    store.plan = plan;
    render(ConversationEditor, { store });
    await tick();

    const marked = editorContent("editor:system[2]").querySelector(".cm-outcrop-mark");
    expect(marked?.textContent).toBe("2025-06-01T10:00:00Z");
    expect(marked?.getAttribute("title")).toContain("Move this timestamp after the last cache point (into the latest user turn)");
    // The same text elsewhere is not marked: the finding belongs to system block 3 only.
    expect(editorContent("editor:system[0]").querySelector(".cm-outcrop-mark")).toBeNull();
    expect(editorContent("editor:messages[0].content[0]").querySelector(".cm-outcrop-mark")).toBeNull();
    const notes = document.querySelector<HTMLElement>('[data-lint="timestamp"]');
    expect(notes?.textContent).toContain("Timestamp “2025-06-01T10:00:00Z”");
    expect(notes?.textContent).toContain("Move this timestamp after the last cache point (into the latest user turn)");
  });

  it("shows field problems next to the field they name", async () => {
    const store = quietStore();
    store.draft.conversation.tools = [{ type: "tool", name: "lookup", description: "Finds things", inputSchema: "{" }];
    // (Not the composer's empty question, which carries no note until something is typed.)
    store.draft.conversation.messages.push({ role: "user", content: [{ type: "text", text: "typed" }] });
    store.plan = makePlan([], [], {
      problems: [
        { field: "messages[1].content[0].text", rule: OTHER_RULE, message: "Text cannot be empty" },
        { field: "messages[1]", rule: OTHER_RULE, message: "Two user messages in a row" },
        { field: "tools[0].inputSchema", rule: OTHER_RULE, message: "The input schema is not JSON" },
      ],
    });
    render(ConversationEditor, { store });
    const second = messageSection(1);
    const problems = [...second.querySelectorAll("[data-problem-for]")].map((el) => [el.getAttribute("data-problem-for"), el.textContent]);
    expect(problems).toEqual([
      ["messages[1]", "Two user messages in a row"],
      ["messages[1].content[0].text", "Text cannot be empty"],
    ]);
    expect(messageSection(0).querySelector("[data-problem-for]")).toBeNull();
    const tool = screen.getByTestId("tool-editor");
    expect(tool.querySelector('[data-problem-for="tools[0].inputSchema"]')?.textContent).toBe("The input schema is not JSON");
    expect(within(tool).getByTestId("tool-json-error").textContent).toContain("Not valid JSON");
  });

  it("edits through the store: system blocks, messages, tools, items", async () => {
    const store = quietStore();
    render(ConversationEditor, { store });
    const user = userEvent.setup();
    expect((screen.getByTestId("tools-section") as HTMLDetailsElement).open).toBe(false);

    await user.click(screen.getByRole("button", { name: "Add system block" }));
    expect(store.draft.conversation.system).toHaveLength(2);
    await user.click(screen.getByRole("button", { name: "Add assistant message" }));
    expect(store.draft.conversation.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    await user.click(within(messageSection(1)).getByRole("button", { name: "Add text" }));
    expect(store.draft.conversation.messages[1]!.content).toHaveLength(2);
    await user.click(within(messageSection(1)).getByRole("button", { name: "Remove item 2 of message 2" }));
    expect(store.draft.conversation.messages[1]!.content).toHaveLength(1);
    await user.click(within(messageSection(1)).getByRole("button", { name: "Remove message 2" }));
    expect(store.draft.conversation.messages).toHaveLength(1);

    await user.click(screen.getByText(/^Tools \(/));
    await user.click(screen.getByRole("button", { name: "Add tool" }));
    expect(store.draft.conversation.tools).toHaveLength(1);
    await user.type(screen.getByTestId("tool-name"), "get_weather");
    expect(store.draft.conversation.tools[0]).toMatchObject({ type: "tool", name: "get_weather" });
    await user.click(screen.getByRole("button", { name: "Remove tool 1" }));
    expect(store.draft.conversation.tools).toEqual([]);
  });

  it("writes typing in an editor to the store", async () => {
    const store = quietStore();
    render(ConversationEditor, { store });
    const { EditorView } = await import("@codemirror/view");
    const view = EditorView.findFromDOM(editorContent("editor:messages[0].content[0]"))!;
    view.dispatch({ changes: { from: 0, insert: "Hello" } });
    expect(store.draft.conversation.messages[0]!.content[0]).toEqual({ type: "text", text: "Hello" });
    const system = EditorView.findFromDOM(editorContent("editor:system[0]"))!;
    system.dispatch({ changes: { from: 0, insert: "Be kind." } });
    expect(store.draft.conversation.system[0]).toEqual({ type: "text", text: "Be kind." });
  });
});
