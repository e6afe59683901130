// The Connections page as its tests drive it: rendered over a fake backend, a connection's row, a row's button.
import { render, waitFor } from "@testing-library/svelte";
import { expect } from "vitest";
import { connections } from "../../lib/connections.svelte";
import type { FakeConnections } from "../../test-support/fake-connections";
import ConnectionsPage from "./ConnectionsPage.svelte";

/** Renders the page over `fake` and waits for the overview. */
export async function renderPage(fake: FakeConnections) {
  fake.install();
  const view = render(ConnectionsPage);
  await waitFor(() => expect(connections.overview).not.toBeNull());
  return view;
}

/** The row of connection `id`. */
export function row(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-connection-id="${id}"]`);
  if (!found) throw new Error(`no row for ${id}`);
  return found;
}

/** The button with `data-action="action"` inside `scope`, if any. */
export function button(scope: HTMLElement, action: string): HTMLButtonElement | null {
  return scope.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
}
