import type { Component } from "svelte";
import { describe, expect, it } from "vitest";
import type { PageId } from "./navigation.svelte";
import { Pages } from "./pages.svelte";

const page = (() => null) as unknown as Component;

function loaders(load: () => Promise<{ default: Component }>): Record<PageId, () => Promise<{ default: Component }>> {
  return { connections: load, models: load, playground: load, "what-if": load, usage: load };
}

describe("pages loaded on demand", () => {
  it("loads a page once, however often it is asked for", async () => {
    let loads = 0;
    const pages = new Pages(loaders(() => (loads++, Promise.resolve({ default: page }))));
    await Promise.all([pages.load("models"), pages.load("models")]);
    await pages.load("models");
    expect(loads).toBe(1);
    expect(pages.loaded.models).toBe(page);
    await pages.loadAll();
    expect(Object.keys(pages.loaded).sort()).toEqual(["connections", "models", "playground", "usage", "what-if"]);
  });

  it("keeps why a page could not be loaded, and tries again when asked", async () => {
    let fail = true;
    const pages = new Pages(loaders(() => (fail ? Promise.reject(new Error("chunk missing")) : Promise.resolve({ default: page }))));
    await pages.load("usage");
    expect(pages.failed.usage).toBe("chunk missing");
    expect(pages.loaded.usage).toBeUndefined();
    fail = false;
    await pages.load("usage");
    expect(pages.loaded.usage).toBe(page);
    expect(pages.failed.usage).toBeUndefined();
  });
});
