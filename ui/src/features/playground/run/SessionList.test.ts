import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import type { SessionSummary } from "../../../lib/ipc/bindings";
import { playground } from "../playground.svelte";
import { SESSION_ID, session, T0, US_SONNET_37 } from "./fixtures";
import SessionList from "./SessionList.svelte";
import { fakeIpc, resetPlayground, type Sent } from "./test-ipc";

beforeEach(() => resetPlayground());

const SUMMARIES: SessionSummary[] = [
  { id: SESSION_ID, title: "Field guide Q&A", createdAtMs: T0, updatedAtMs: T0 + 60_000, modelChoice: US_SONNET_37, turns: 2, cost: 0.0168594, saved: 0.0039936 },
  { id: "s-91bc", title: "Tool schemas", createdAtMs: T0, updatedAtMs: T0 + 5_000, modelChoice: "amazon.nova-pro-v1:0", turns: 1, cost: 0.0124, saved: -0.0015 },
];

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
