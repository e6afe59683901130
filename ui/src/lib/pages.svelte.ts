// The pages, each its own chunk of the bundle: the start evaluates only the page it opens on, and the others
// load once the app is interactive, so that opening one later does not wait.
import type { Component } from "svelte";
import type { PageId } from "./navigation.svelte";

const LOADERS: Record<PageId, () => Promise<{ default: Component }>> = {
  connections: () => import("../features/connections/ConnectionsPage.svelte"),
  models: () => import("../features/models/ModelsPage.svelte"),
  playground: () => import("../features/playground/PlaygroundPage.svelte"),
  "what-if": () => import("../features/what-if/WhatIfPage.svelte"),
  usage: () => import("../features/usage/UsagePage.svelte"),
};

export class Pages {
  constructor(private readonly loaders: Record<PageId, () => Promise<{ default: Component }>> = LOADERS) {}

  /** The pages loaded so far. */
  loaded = $state.raw<Partial<Record<PageId, Component>>>({});
  /** Pages whose chunk could not be loaded, with why (shown in place of the page). */
  failed = $state.raw<Partial<Record<PageId, string>>>({});
  /** Loads under way or done (not state: nothing shows them). */
  private pending: Partial<Record<PageId, Promise<void>>> = {};

  /** Loads a page (once; a failed load is tried again). Never rejects: a failure is kept in `failed`. */
  load(id: PageId): Promise<void> {
    const running = this.pending[id];
    if (running) return running;
    const loading = this.loaders[id]()
      .then((module) => {
        this.loaded = { ...this.loaded, [id]: module.default };
        const { [id]: _, ...rest } = this.failed;
        this.failed = rest;
      })
      .catch((error: unknown) => {
        delete this.pending[id];
        this.failed = { ...this.failed, [id]: error instanceof Error ? error.message : String(error) };
      });
    this.pending[id] = loading;
    return loading;
  }

  /** Loads every page, one after another. */
  async loadAll(): Promise<void> {
    for (const id of Object.keys(this.loaders) as PageId[]) await this.load(id);
  }
}

export const pages = new Pages();
