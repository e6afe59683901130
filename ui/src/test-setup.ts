import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/svelte";
import { afterEach } from "vitest";
import { presenter } from "./lib/presenter.svelte";

// As in the app (App.svelte): presenter mode redacts whatever is rendered on the page.
presenter.attach(document.body);

afterEach(() => {
  cleanup();
  presenter.on = false;
  clearMocks();
  window.location.hash = "";
});
