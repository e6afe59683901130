import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Draft, Session } from "../../lib/ipc/bindings";
import PlaygroundPage from "./PlaygroundPage.svelte";
import { EXAMPLE_MODEL } from "./example";
import { playground } from "./playground.svelte";
import { fakeIpc, resetPlayground } from "./run/test-ipc";
import { READ_TURN, session as sessionWith, WRITE_TURN } from "./run/fixtures";
import type { ReportInput } from "../../lib/ipc/bindings";

function created(draft: Draft): Session {
  return {
    id: "s-new",
    title: "Untitled session",
    draft,
    turns: [],
    earlierTurns: 0,
    damagedTurns: [],
    totals: { turns: 0, usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 , implicitReadTokens: 0}, cost: 0, withoutCache: 0, saved: 0, implicitSaved: 0 },
    cache: [],
    nowMs: Date.now(),
  };
}

afterEach(() => resetPlayground());

describe("the playground page", () => {
  it("starts a session on the first visit and loads the long-document example", async () => {
    const sent = fakeIpc({
      sessions_list: () => [],
      session_create: (args) => created(args.draft as Draft),
      models_catalog: () => ({ region: "us-east-1", models: [], profiles: [] }),
      connections_overview: () => ({ connections: [], activeId: null, showWelcome: false, notice: null }),
    });
    render(PlaygroundPage);
    await waitFor(() => expect(playground.session?.id).toBe("s-new"));
    expect(sent.some((s) => s.cmd === "session_create")).toBe(true);

    await userEvent.click(screen.getByTestId("load-example"));
    expect(playground.draft.modelChoice).toBe(EXAMPLE_MODEL);
    const content = playground.draft.conversation.messages[0]!.content.map((c) => c.type);
    expect(content).toEqual(["document", "cachePoint", "text"]);
    await waitFor(() => expect(sent.some((s) => s.cmd === "playground_plan")).toBe(true));
    const plan = sent.find((s) => s.cmd === "playground_plan")!;
    expect((plan.args.request as { modelChoice: string }).modelChoice).toBe(EXAMPLE_MODEL);
  });

  it("exports the session as a report with every turn, earlier pages loaded", async () => {
    const latest = sessionWith([READ_TURN], { title: "Field guide Q&A", earlierTurns: 1 });
    const sent = fakeIpc({
      sessions_list: () => [],
      session_create: () => latest,
      session_earlier_turns: () => ({ turns: [WRITE_TURN], earlierTurns: 0 }),
      report_default_folder: () => "/home/ana/Documents/Outcrop reports",
      report_save: () => ({ folder: "/f", html: "/f/a.html", pdf: { outcome: "saved", path: "/f/a.pdf" } }),
      models_catalog: () => ({ region: "us-east-1", models: [], profiles: [] }),
      connections_overview: () => ({ connections: [], activeId: null, showWelcome: false, notice: null }),
    });
    render(PlaygroundPage);
    const open = await screen.findByTestId("export-report");
    await waitFor(() => expect((open as HTMLButtonElement).disabled).toBe(false));
    await userEvent.click(open);
    expect((screen.getByTestId("report-name") as HTMLInputElement).value).toBe("Field guide Q&A");
    await userEvent.click(screen.getByTestId("report-export"));
    await screen.findByTestId("report-result");
    expect(sent.find((s) => s.cmd === "session_earlier_turns")!.args).toEqual({ id: latest.id, before: READ_TURN.seq });
    const input = sent.find((s) => s.cmd === "report_save")!.args.input as ReportInput;
    expect(input.kind).toBe("session");
    expect(input.groups[0]!.turns.map((t) => t.label)).toEqual(["Turn 1", "Turn 2"]);
  });

  it("switches between chat, compare, bake-off and prices", async () => {
    fakeIpc({
      sessions_list: () => [],
      session_create: (args) => created(args.draft as Draft),
      prices_get: () => ({ json: "{}", customised: false, asOf: "2026-11-01", source: "AWS", bundledAsOf: "2026-11-01" }),
      models_catalog: () => ({ region: "us-east-1", models: [], profiles: [] }),
      connections_overview: () => ({ connections: [], activeId: null, showWelcome: false, notice: null }),
    });
    render(PlaygroundPage);
    await userEvent.click(screen.getByRole("tab", { name: "Prices" }));
    expect(await screen.findByTestId("prices-panel")).toBeTruthy();
    await userEvent.click(screen.getByRole("tab", { name: "Placement bake-off" }));
    expect(await screen.findByTestId("bakeoff-panel")).toBeTruthy();
    await userEvent.click(screen.getByRole("tab", { name: "Compare" }));
    expect(await screen.findByTestId("compare-panel")).toBeTruthy();
  });
});

describe("the price table", () => {
  it("refuses a bad table with the rule, keeping what was typed, and saves a good one", async () => {
    const { default: PricesPanel } = await import("./PricesPanel.svelte");
    const table = { json: '{"models": []}', customised: false, asOf: "2026-11-01", source: "AWS pricing page", bundledAsOf: "2026-11-01" };
    const sent = fakeIpc({
      prices_get: () => table,
      prices_save: (args) => {
        if (String(args.json).includes("1000")) {
          throw { code: "validation", message: "The price table was not saved: price entry \"x\": a cache read cannot cost more than plain input.", detail: "[]" };
        }
        return { ...table, json: args.json, customised: true };
      },
    });
    render(PricesPanel);
    const editor = (await screen.findByTestId("prices-editor")) as HTMLTextAreaElement;
    await waitFor(() => expect(editor.value).toBe(table.json));
    await userEvent.clear(editor);
    await userEvent.type(editor, '{{"cacheRead": 1000}');
    await userEvent.click(screen.getByRole("button", { name: "Save prices" }));
    expect((await screen.findByTestId("prices-error")).textContent).toContain("cannot cost more than plain input");
    expect(editor.value).toBe('{"cacheRead": 1000}');
    await userEvent.clear(editor);
    await userEvent.type(editor, '{{"cacheRead": 0.3}');
    await userEvent.click(screen.getByRole("button", { name: "Save prices" }));
    await waitFor(() => expect(screen.queryByTestId("prices-error")).toBeNull());
    expect(sent.filter((s) => s.cmd === "prices_save")).toHaveLength(2);
    expect(screen.getByText(/Your edited table is in use/)).toBeTruthy();
  });
});
