import { afterEach, describe, expect, it, vi } from "vitest";
import { closePalette, filterCommands, openPalette, palette, runCommand, togglePalette } from "./palette.svelte";

const command = (label: string, keywords?: string) => ({ label: () => label, keywords });

afterEach(async () => {
  await closePalette();
  palette.commands = [];
  document.body.innerHTML = "";
});

describe("filterCommands", () => {
  const commands = [
    command("Go to Connections", "connections page"),
    command("Go to Models & profiles", "models page"),
    command("Go to Playground", "playground page"),
    command("Switch language to 日本語", "language locale japanese"),
    command("Turn presenter mode on", "presenter demo projector"),
  ];
  const labels = (query: string) => filterCommands(query, commands).map((c) => c.label());

  it("lists every command, in order, for an empty or blank query", () => {
    expect(labels("")).toHaveLength(5);
    expect(labels("   ")).toEqual(commands.map((c) => c.label()));
  });

  it("ignores case", () => {
    expect(labels("PLAYGROUND")).toEqual(["Go to Playground"]);
    expect(labels("go to models")).toEqual(["Go to Models & profiles"]);
  });

  it("ranks a label prefix, then a word start, then a substring", () => {
    const ranked = filterCommands("pro", [
      command("Improve"), // substring in a word
      command("Models & profiles"), // start of a word
      command("Profiles"), // prefix
    ]).map((c) => c.label());
    expect(ranked).toEqual(["Profiles", "Models & profiles", "Improve"]);
  });

  it("finds commands by their keywords, below label matches", () => {
    expect(labels("japanese")).toEqual(["Switch language to 日本語"]);
    expect(labels("demo")).toEqual(["Turn presenter mode on"]);
    const ranked = filterCommands("demo", [command("Open demo", ""), command("Presenter", "demo")]).map((c) => c.label());
    expect(ranked).toEqual(["Open demo", "Presenter"]);
  });

  it("matches the query's characters in order (fuzzy), tighter matches first", () => {
    expect(labels("gtplg")).toEqual(["Go to Playground"]);
    const ranked = filterCommands("mdl", [command("My dear old list"), command("Models")]).map((c) => c.label());
    expect(ranked).toEqual(["Models", "My dear old list"]);
  });

  it("finds several words in any order, and Japanese text", () => {
    expect(labels("presenter on")).toEqual(["Turn presenter mode on"]);
    expect(labels("日本")).toEqual(["Switch language to 日本語"]);
  });

  it("returns nothing when nothing matches", () => {
    expect(labels("zzz")).toEqual([]);
  });

  it("keeps registration order for equal scores", () => {
    expect(labels("go to")).toEqual(["Go to Connections", "Go to Models & profiles", "Go to Playground"]);
  });
});

describe("the registry", () => {
  it("registers, replaces by id and unregisters", () => {
    const first = palette.register("a", { label: () => "A", run: () => {} });
    palette.register("b", { label: () => "B", run: () => {} });
    expect(palette.commands.map((c) => c.id)).toEqual(["a", "b"]);
    const replacement = palette.register("a", { label: () => "A2", run: () => {} });
    expect(palette.commands.map((c) => c.label())).toEqual(["A2", "B"]);
    // The first registration's unregister no longer removes the replacement.
    first();
    expect(palette.commands.map((c) => c.id)).toEqual(["a", "b"]);
    replacement();
    expect(palette.commands.map((c) => c.id)).toEqual(["b"]);
  });

  it("opens and closes, returning the focus to where it was", async () => {
    const button = document.createElement("button");
    document.body.append(button);
    button.focus();
    openPalette();
    expect(palette.open).toBe(true);
    const other = document.createElement("input");
    document.body.append(other);
    other.focus();
    await closePalette();
    expect(palette.open).toBe(false);
    expect(document.activeElement).toBe(button);
  });

  it("toggles", async () => {
    togglePalette();
    expect(palette.open).toBe(true);
    togglePalette();
    await vi.waitFor(() => expect(palette.open).toBe(false));
  });

  it("runs a command after closing", async () => {
    const order: string[] = [];
    openPalette();
    await runCommand({ run: () => order.push(palette.open ? "run while open" : "run after close") });
    expect(order).toEqual(["run after close"]);
  });
});
