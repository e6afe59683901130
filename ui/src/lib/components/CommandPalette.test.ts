import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closePalette, openPalette, palette } from "../palette.svelte";
import CommandPalette from "./CommandPalette.svelte";

let ran: string[] = [];
let unregister: (() => void)[] = [];

beforeEach(() => {
  ran = [];
  unregister = ["Go to Connections", "Go to Models & profiles", "Go to Playground", "Turn presenter mode on"].map(
    (label, i) => palette.register(`cmd${i}`, { label: () => label, run: () => ran.push(label), shortcut: i < 3 ? `Ctrl+${i + 1}` : undefined }),
  );
});

afterEach(async () => {
  await closePalette();
  unregister.forEach((off) => off());
  document.body.innerHTML = "";
});

/** A button to start from, focused, then the palette opened over it. */
async function openOver(): Promise<HTMLButtonElement> {
  const origin = document.createElement("button");
  origin.textContent = "origin";
  document.body.append(origin);
  origin.focus();
  render(CommandPalette);
  openPalette();
  await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("palette-input")));
  return origin;
}

const options = () => screen.getAllByRole("option");
const selected = () => options().find((o) => o.getAttribute("aria-selected") === "true")?.textContent?.trim();

describe("command palette", () => {
  it("is a labelled modal dialog with the focus in its search field, listing every command", async () => {
    await openOver();
    const dialog = screen.getByRole("dialog", { name: "Command palette" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.getAttribute("data-testid")).toBe("command-palette");
    expect(options().map((o) => o.querySelector(".palette-label")?.textContent)).toEqual([
      "Go to Connections",
      "Go to Models & profiles",
      "Go to Playground",
      "Turn presenter mode on",
    ]);
    expect(options()[0]?.querySelector("kbd")?.textContent).toBe("Ctrl+1");
    const input = screen.getByTestId("palette-input");
    expect(input.getAttribute("aria-activedescendant")).toBe(options()[0]?.id);
  });

  it("filters as the person types and runs the best match on Enter, closing first", async () => {
    const user = userEvent.setup();
    const origin = await openOver();
    await user.keyboard("play");
    expect(options().map((o) => o.querySelector(".palette-label")?.textContent)).toEqual(["Go to Playground"]);
    await user.keyboard("{Enter}");
    expect(ran).toEqual(["Go to Playground"]);
    expect(screen.queryByTestId("command-palette")).toBeNull();
    expect(document.activeElement).toBe(origin);
  });

  it("moves with the arrow keys, wrapping around, and runs the chosen command", async () => {
    const user = userEvent.setup();
    await openOver();
    expect(selected()).toContain("Go to Connections");
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(selected()).toContain("Go to Playground");
    await user.keyboard("{ArrowUp}");
    expect(selected()).toContain("Go to Models & profiles");
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(selected()).toContain("Turn presenter mode on");
    await user.keyboard("{ArrowDown}");
    expect(selected()).toContain("Go to Connections");
    await user.keyboard("{ArrowDown}{Enter}");
    expect(ran).toEqual(["Go to Models & profiles"]);
  });

  it("starts again from the top when the query changes", async () => {
    const user = userEvent.setup();
    await openOver();
    await user.keyboard("{ArrowDown}{ArrowDown}");
    await user.keyboard("go");
    expect(selected()).toContain("Go to Connections");
  });

  it("says so when nothing matches, and Enter then does nothing", async () => {
    const user = userEvent.setup();
    await openOver();
    await user.keyboard("zzzz");
    expect(screen.queryAllByRole("option")).toHaveLength(0);
    expect(screen.getByRole("status").textContent).toContain("No command matches “zzzz”");
    await user.keyboard("{Enter}");
    expect(ran).toEqual([]);
    expect(palette.open).toBe(true);
  });

  it("closes on Escape without running anything, and returns the focus", async () => {
    const user = userEvent.setup();
    const origin = await openOver();
    await user.keyboard("{ArrowDown}{Escape}");
    expect(palette.open).toBe(false);
    await waitFor(() => expect(document.activeElement).toBe(origin));
    expect(screen.queryByTestId("command-palette")).toBeNull();
    expect(ran).toEqual([]);
  });

  it("keeps Tab inside the dialog", async () => {
    const user = userEvent.setup();
    await openOver();
    await user.keyboard("{Tab}");
    expect(document.activeElement).toBe(screen.getByTestId("palette-input"));
  });

  it("runs a command clicked with the mouse", async () => {
    const user = userEvent.setup();
    await openOver();
    await user.click(screen.getByText("Turn presenter mode on"));
    expect(ran).toEqual(["Turn presenter mode on"]);
    expect(palette.open).toBe(false);
  });

  it("opens empty again after a search", async () => {
    const user = userEvent.setup();
    await openOver();
    await user.keyboard("play{Escape}");
    openPalette();
    await waitFor(() => expect((screen.getByTestId("palette-input") as HTMLInputElement).value).toBe(""));
    expect(options()).toHaveLength(4);
  });
});
