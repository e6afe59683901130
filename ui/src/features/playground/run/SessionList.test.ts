import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import { presenter } from "../../../lib/presenter.svelte";
import type { SessionRun, SessionSummary } from "../../../lib/ipc/bindings";
import { playground } from "../playground.svelte";
import { SESSION_ID, session, T0, US_SONNET_37 } from "./fixtures";
import SessionList from "./SessionList.svelte";
import { fakeIpc, resetPlayground, type Sent } from "./test-ipc";

beforeEach(() => resetPlayground());
afterEach(() => {
  if (i18n.locale !== "en") i18n.set("en");
});

const SUMMARIES: SessionSummary[] = [
  { id: SESSION_ID, title: "Field guide Q&A", titleSource: "user", run: null, createdAtMs: T0, updatedAtMs: T0 + 60_000, modelChoice: US_SONNET_37, turns: 2, cost: 0.0168594, saved: 0.0039936 },
  { id: "s-91bc", title: "Tool schemas", titleSource: "auto", run: null, createdAtMs: T0, updatedAtMs: T0 + 5_000, modelChoice: "amazon.nova-pro-v1:0", turns: 1, cost: 0.0124, saved: -0.0015 },
];

function member(id: string, run: SessionRun, at: number, overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id,
    title: "Which mineral is hardest?",
    titleSource: "auto",
    run,
    createdAtMs: T0 + at,
    updatedAtMs: T0 + 10_000 + at,
    modelChoice: run.kind === "compare" ? run.label : US_SONNET_37,
    turns: 1,
    cost: 0.001,
    saved: 0,
    ...overrides,
  };
}

const COMPARE = (label: string): SessionRun => ({ id: "cm3k9x", kind: "compare", label });
const BAKEOFF = (label: string): SessionRun => ({ id: "b18f2a", kind: "bakeoff", label });

/** Most recently used first, as Rust lists them: runs interleaved with sessions of their own. */
const WITH_RUNS: SessionSummary[] = [
  member("s-c2", COMPARE("us.amazon.nova-pro-v1:0"), 2, { updatedAtMs: T0 + 90_000 }),
  SUMMARIES[0]!,
  member("s-c1", COMPARE("amazon.nova-pro-v1:0"), 1, { title: "My Nova column", titleSource: "user" }),
  member("s-c3", COMPARE(US_SONNET_37), 3, { cost: 0.004, saved: 0.002 }),
  member("s-b1", BAKEOFF("noCache"), 20, { title: "Where is the river?" }),
  member("s-b2", BAKEOFF("systemOnly"), 21, { title: "Where is the river?" }),
  SUMMARIES[1]!,
];

/** A search as Rust answers it: a matching session brings its whole run. */
function searchWithRuns(query: string): SessionSummary[] {
  const q = query.toLowerCase();
  const hit = (s: SessionSummary) => s.title.toLowerCase().includes(q) || s.modelChoice.toLowerCase().includes(q);
  const runs = new Set(WITH_RUNS.filter(hit).flatMap((s) => (s.run ? [s.run.id] : [])));
  return WITH_RUNS.filter((s) => hit(s) || (s.run !== null && runs.has(s.run.id)));
}

/** The top-level rows of the list: runs and sessions of their own. */
function topRows(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>("[data-testid='session-list'] > ul.items > li")];
}

function backend(extra: Parameters<typeof fakeIpc>[0] = {}): Sent[] {
  return fakeIpc({
    sessions_list: (args) => {
      const q = String(args.query).toLowerCase();
      return SUMMARIES.filter((s) => s.title.toLowerCase().includes(q) || s.modelChoice.includes(q));
    },
    ...extra,
  });
}

const queries = (sent: Sent[]) => sent.filter((s) => s.cmd === "sessions_list").map((s) => s.args.query);

describe("SessionList", () => {
  it("lists sessions and searches them once typing pauses", async () => {
    const sent = backend();
    render(SessionList, { debounceMs: 50 });
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(2));
    const first = screen.getAllByTestId("session-item")[0]!;
    expect(first.textContent).toContain("Field guide Q&A");
    expect(first.textContent).toContain(US_SONNET_37);
    expect(first.textContent).toContain("2 turns");
    expect(first.textContent).toContain("$0.0169");
    expect(first.textContent).toContain("saved $0.00399");

    await userEvent.type(screen.getByTestId("session-search"), "tool");
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(1));
    expect(screen.getByTestId("session-item").textContent).toContain("Tool schemas");
    // One search for the whole word, not one per key.
    expect(queries(sent)).toEqual(["", "tool"]);

    await userEvent.clear(screen.getByTestId("session-search"));
    await userEvent.type(screen.getByTestId("session-search"), "nothing like it");
    await waitFor(() => expect(document.body.textContent).toContain("No session matches “nothing like it”."));
  });

  it("imports a session file and reports a file it refuses", async () => {
    const json = JSON.stringify({ format: "outcrop-session", version: 1, session: { title: "Imported" } });
    let refuse = false;
    const sent = backend({
      session_import: () => {
        if (refuse) throw { code: "validation", message: "This file is not an Outcrop session export.", detail: null };
        return session(undefined, { id: "s-new", title: "Imported" });
      },
    });
    render(SessionList);
    const input = screen.getByTestId<HTMLInputElement>("session-import");

    await userEvent.upload(input, new File([json], "field-guide.outcrop-session.json", { type: "application/json" }));
    await waitFor(() => expect(sent.some((s) => s.cmd === "session_import")).toBe(true));
    expect(sent.find((s) => s.cmd === "session_import")?.args).toEqual({ json });
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Imported “Imported”."));
    expect(playground.session?.id).toBe("s-new");

    refuse = true;
    await userEvent.upload(input, new File(["{}"], "other.json", { type: "application/json" }));
    await waitFor(() => expect(screen.getByTestId("session-error").textContent).toContain("not an Outcrop session export"));
  });

  it("opens, renames another session in place, and deletes only after confirming", async () => {
    const sent = backend({
      session_get: (args) => session(undefined, { id: String(args.id) }),
      session_rename: () => null,
      session_delete: () => null,
    });
    render(SessionList);
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(2));

    await userEvent.click(within(screen.getAllByTestId("session-item")[0]!).getByRole("button", { name: /Field guide Q&A/ }));
    await waitFor(() => expect(playground.session?.id).toBe(SESSION_ID));
    expect(screen.getAllByTestId("session-item")[0]!.querySelector("[aria-current='true']")).not.toBeNull();

    const other = () => screen.getAllByTestId("session-item")[1]!;
    await userEvent.click(within(other()).getByRole("button", { name: "Rename" }));
    const title = within(other()).getByLabelText("New title");
    await userEvent.clear(title);
    await userEvent.type(title, "Tool schemas v2{Enter}");
    await waitFor(() => expect(sent.some((s) => s.cmd === "session_rename")).toBe(true));
    expect(sent.find((s) => s.cmd === "session_rename")?.args).toEqual({ id: "s-91bc", title: "Tool schemas v2" });

    await userEvent.click(within(other()).getByRole("button", { name: "Delete" }));
    expect(sent.some((s) => s.cmd === "session_delete")).toBe(false);
    expect(other().textContent).toContain("Delete “Tool schemas” and all its turns?");
    await userEvent.click(other().querySelector<HTMLButtonElement>("[data-action='confirm-delete']")!);
    await waitFor(() => expect(sent.find((s) => s.cmd === "session_delete")?.args).toEqual({ id: "s-91bc" }));
  });

  it("shows a Compare or bake-off run as one row, expandable to its sessions, in the place of its latest", async () => {
    fakeIpc({ sessions_list: (args) => searchWithRuns(String(args.query)) });
    render(SessionList);
    await waitFor(() => expect(topRows()).toHaveLength(4));
    const [compareRun, plain, bakeoffRun, other] = topRows();
    expect(compareRun!.dataset.testid).toBe("session-run");
    // Named after the question (not the member the person renamed), with the number of targets.
    expect(within(compareRun!).getByRole("button", { name: /Compare: Which mineral is hardest\? — 3 targets/ })).toBeTruthy();
    expect(compareRun!.textContent).toContain("3 turns");
    expect(compareRun!.textContent).toContain("$0.0060");
    expect(plain!.textContent).toContain("Field guide Q&A");
    expect(bakeoffRun!.textContent).toContain("Bake-off: Where is the river? — 2 placements");
    expect(other!.textContent).toContain("Tool schemas");
    // Closed until opened; its sessions are not rows of their own.
    expect(within(compareRun!).queryAllByTestId("session-item")).toHaveLength(0);
    expect(screen.getAllByTestId("session-item")).toHaveLength(2);

    const toggle = within(compareRun!).getByRole("button", { name: /Compare:/ });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    await userEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const members = within(compareRun!).getAllByTestId("session-item");
    // In the run's order (the columns'), each named by its target; a renamed one keeps its title too.
    expect(members.map((m) => m.dataset.sessionId)).toEqual(["s-c1", "s-c2", "s-c3"]);
    expect(members[0]!.querySelector(".title")?.textContent).toBe("amazon.nova-pro-v1:0");
    expect(members[0]!.textContent).toContain("My Nova column");
    expect(members[2]!.querySelector(".title")?.textContent).toBe(US_SONNET_37);

    await userEvent.click(within(bakeoffRun!).getByRole("button", { name: /Bake-off:/ }));
    const placements = within(bakeoffRun!).getAllByTestId("session-item").map((m) => m.querySelector(".title")?.textContent);
    expect(placements).toEqual(["No cache points", "System only"]);
    await userEvent.click(toggle);
    expect(within(compareRun!).queryAllByTestId("session-item")).toHaveLength(0);

    // In Japanese.
    i18n.set("ja");
    await waitFor(() => expect(topRows()[0]!.textContent).toContain("比較: Which mineral is hardest? — 3 個のターゲット"));
    expect(topRows()[2]!.textContent).toContain("配置の比較実験: Where is the river? — 2 個の配置");
    expect(within(topRows()[2]!).getAllByTestId("session-item")[1]!.querySelector(".title")?.textContent).toBe("システムのみ");
  });

  it("names each session of a bake-off across transports by placement and transport", async () => {
    const TRANSPORTS = (label: string): SessionRun => ({ id: "b2c4e6", kind: "bakeoff", label });
    const runs = [
      member("s-t1", TRANSPORTS("perDocument/converse"), 30, { title: "Where is the river?" }),
      member("s-t2", TRANSPORTS("perDocument/invokeModel"), 31, { title: "Where is the river?" }),
      member("s-t3", TRANSPORTS("systemOnly/converse"), 32, { title: "Where is the river?" }),
      member("s-t4", TRANSPORTS("systemOnly/invokeModel"), 33, { title: "Where is the river?" }),
      // Saved through one transport: the transport is not worth naming.
      member("s-o1", { id: "b0ne", kind: "bakeoff", label: "noCache/messages" }, 40, { title: "One transport" }),
      member("s-o2", { id: "b0ne", kind: "bakeoff", label: "perDocument/messages" }, 41, { title: "One transport" }),
    ];
    fakeIpc({ sessions_list: () => runs });
    render(SessionList);
    await waitFor(() => expect(topRows()).toHaveLength(2));
    const across = topRows().find((r) => r.textContent?.includes("Where is the river?"))!;
    expect(within(across).getByRole("button", { name: /Bake-off: Where is the river\? — 2 placements × 2 transports/ })).toBeTruthy();
    await userEvent.click(within(across).getByRole("button", { name: /Bake-off:/ }));
    const names = within(across).getAllByTestId("session-item").map((m) => m.querySelector(".title")?.textContent);
    expect(names).toEqual(["Per document · Converse", "Per document · InvokeModel", "System only · Converse", "System only · InvokeModel"]);

    const single = topRows().find((r) => r.textContent?.includes("One transport"))!;
    expect(single.textContent).toContain("Bake-off: One transport — 2 placements");
    await userEvent.click(within(single).getByRole("button", { name: /Bake-off:/ }));
    expect(within(single).getAllByTestId("session-item").map((m) => m.querySelector(".title")?.textContent)).toEqual([
      "No cache points",
      "Per document",
    ]);

    i18n.set("ja");
    await waitFor(() => expect(across.textContent).toContain("2 個の配置 × 2 個の送信方法"));
    expect(within(across).getAllByTestId("session-item")[1]!.querySelector(".title")?.textContent).toBe("ドキュメントごと · InvokeModel");
  });

  it("finds a run through any of its sessions and shows it open", async () => {
    const sent = fakeIpc({ sessions_list: (args) => searchWithRuns(String(args.query)) });
    render(SessionList, { debounceMs: 10 });
    await waitFor(() => expect(topRows()).toHaveLength(4));
    // "us.amazon" is only one column's target: the comparison is found whole, and opened to show it.
    await userEvent.type(screen.getByTestId("session-search"), "us.amazon");
    await waitFor(() => expect(topRows()).toHaveLength(1));
    expect(sent.filter((s) => s.cmd === "sessions_list").at(-1)?.args).toEqual({ query: "us.amazon" });
    const run = topRows()[0]!;
    expect(run.textContent).toContain("Compare: Which mineral is hardest? — 3 targets");
    expect(within(run).getByRole("button", { name: /Compare:/ }).getAttribute("aria-expanded")).toBe("true");
    expect(within(run).getAllByTestId("session-item")).toHaveLength(3);
  });

  it("deletes a run and its sessions only after confirming, and exports it whole", async () => {
    let list = WITH_RUNS;
    const sent = fakeIpc({
      sessions_list: () => list,
      session_run_delete: () => {
        list = WITH_RUNS.filter((s) => s.run?.id !== "b18f2a");
        return 2;
      },
      session_run_export: () => '{"format":"outcrop-run"}',
      session_run_save_to_downloads: () => "/home/ana/Downloads/bake-off - Where is the river-.outcrop-run.json",
    });
    playground.session = session(undefined, { id: "s-b2" });
    render(SessionList);
    await waitFor(() => expect(topRows()).toHaveLength(4));
    const bakeoffRun = () => topRows()[2]!;
    // The run holding the open session starts open, and says so.
    expect(within(bakeoffRun()).getAllByTestId("session-item")).toHaveLength(2);
    expect(bakeoffRun().classList.contains("current")).toBe(true);

    await userEvent.click(within(bakeoffRun()).getByRole("button", { name: "Export" }));
    const panel = await screen.findByTestId("session-export");
    expect(panel.textContent).toContain("Export of “Bake-off: Where is the river? — 2 placements”");
    expect(sent.find((s) => s.cmd === "session_run_export")?.args).toEqual({ runId: "b18f2a" });
    await userEvent.click(within(panel).getByRole("button", { name: "Save file" }));
    expect((await screen.findByTestId("session-saved-to")).textContent).toContain("outcrop-run.json");
    expect(sent.find((s) => s.cmd === "session_run_save_to_downloads")?.args).toEqual({ runId: "b18f2a" });
    expect(sent.some((s) => s.cmd === "session_save_to_downloads")).toBe(false);

    await userEvent.click(within(bakeoffRun()).getByRole("button", { name: "Delete run" }));
    expect(sent.some((s) => s.cmd === "session_run_delete")).toBe(false);
    expect(bakeoffRun().textContent).toContain(
      "Delete the bake-off “Where is the river?” and its 2 sessions, with all their turns? This cannot be undone.",
    );
    await userEvent.click(bakeoffRun().querySelector<HTMLButtonElement>("[data-action='confirm-delete-run']")!);
    await waitFor(() => expect(sent.find((s) => s.cmd === "session_run_delete")?.args).toEqual({ runId: "b18f2a" }));
    await waitFor(() => expect(topRows()).toHaveLength(3));
    expect(playground.session).toBeNull();
  });

  it("hides account IDs in a column's target while presenting", async () => {
    const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/finance01";
    fakeIpc({ sessions_list: () => [member("s-arn", COMPARE(arn), 1), member("s-us", COMPARE("us.amazon.nova-pro-v1:0"), 2)] });
    presenter.on = true;
    try {
      render(SessionList);
      await userEvent.click(await screen.findByRole("button", { name: /Compare:/ }));
      const list = screen.getByTestId("session-list");
      expect(list.textContent).toContain("…/finance01");
      expect(list.textContent).not.toContain("123456789012");
    } finally {
      presenter.on = false;
    }
  });

  it("names a session with no title yet Untitled, in the person's language", async () => {
    fakeIpc({ sessions_list: () => [{ ...SUMMARIES[1]!, title: "" }] });
    render(SessionList);
    await waitFor(() => expect(screen.getByTestId("session-item").textContent).toContain("Untitled session"));
    i18n.set("ja");
    await waitFor(() => expect(screen.getByTestId("session-item").textContent).toContain("無題のセッション"));
  });

  it("exports the open session as JSON to copy, or saves it as a file through Rust", async () => {
    const sent = backend({
      session_export: () => '{"format":"outcrop-session"}',
      session_save_to_downloads: () => "/home/ana/Downloads/Field guide Q-A.outcrop-session.json",
    });
    playground.session = session();
    render(SessionList);

    await userEvent.click(screen.getByRole("button", { name: "Export" }));
    const panel = await screen.findByTestId("session-export");
    expect(within(panel).getByRole("button", { name: "Copy JSON" })).toBeTruthy();
    await userEvent.click(within(panel).getByRole("button", { name: "Save file" }));
    expect((await screen.findByTestId("session-saved-to")).textContent).toBe(
      "Saved as /home/ana/Downloads/Field guide Q-A.outcrop-session.json",
    );
    expect(sent.find((s) => s.cmd === "session_save_to_downloads")?.args).toEqual({ id: playground.session!.id });
  });
});
