import { readFileSync } from "node:fs";
import { join } from "node:path";
import { render } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import Sidebar from "./Sidebar.svelte";

/** The declarations of the first rule in app.css whose selector is exactly `selector`. */
function rule(selector: string): string {
  const css = readFileSync(join(process.cwd(), "src/styles/app.css"), "utf8");
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:^|\\n)${escaped}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? "";
}

describe("sidebar", () => {
  it("lets a long page name wrap instead of scrolling the sidebar sideways", () => {
    render(Sidebar, { current: "models", onselect: () => {} });
    const labels = [...document.querySelectorAll(".sidebar nav a > span")];
    expect(labels.map((l) => l.textContent)).toContain("Models & profiles");
    expect(labels.every((l) => l.classList.contains("nav-label"))).toBe(true);
    const label = rule(".sidebar a span.nav-label");
    expect(label).toMatch(/white-space:\s*normal/);
    expect(label).toMatch(/min-width:\s*0/);
    expect(rule(".sidebar a kbd")).toMatch(/flex:\s*none/);
  });
});
