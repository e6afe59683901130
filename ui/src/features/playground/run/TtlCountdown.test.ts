import { render, screen, within } from "@testing-library/svelte";
import { flushSync } from "svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { playground } from "../playground.svelte";
import { cachedPrefix, session, T0 } from "./fixtures";
import { resetPlayground } from "./test-ipc";
import TtlCountdown from "./TtlCountdown.svelte";

beforeEach(() => resetPlayground());

describe("TtlCountdown", () => {
  const width = (el: Element) => parseFloat(el.querySelector<HTMLElement>(".bar")?.style.width ?? "NaN");

  it("counts each cached prefix down against the store's clock, drains its bar, and says when it expired", () => {
    playground.session = session(undefined, {
      cache: [
        cachedPrefix({ expiresAtMs: T0 + 300_000, reads: 2 }),
        cachedPrefix({ boundary: 4, prefixHash: "77aa", tokens: 5120, ttl: "1h", expiresAtMs: T0 + 3_600_000 }),
      ],
    });
    playground.now = T0 + 19_500; // 4 min 40.5 s left of the 5-minute entry
    render(TtlCountdown);

    const [five, hour] = screen.getAllByTestId("ttl-countdown");
    expect(within(five!).getByTestId("ttl-remaining").textContent).toContain("04:41 left");
    expect(five!.textContent).toContain("1 blocks · 2,048 tokens · TTL 5m");
    expect(within(five!).getByTestId("ttl-reads").textContent).toBe("2 reads");
    expect(five!.textContent).toContain("Renewed by every read.");
    expect(width(five!)).toBeCloseTo(93.5, 2);
    expect(within(hour!).getByTestId("ttl-remaining").textContent).toContain("59:41 left");
    expect(within(hour!).getByTestId("ttl-reads").textContent).toBe("0 reads");

    playground.now = T0 + 299_000;
    flushSync();
    expect(within(five!).getByTestId("ttl-remaining").textContent).toContain("00:01 left");
    expect(width(five!)).toBeCloseTo(0.33, 2);

    playground.now = T0 + 301_000;
    flushSync();
    expect(five!.dataset.expired).toBe("true");
    expect(five!.textContent).toContain("expired");
    expect(within(five!).queryByTestId("ttl-remaining")).toBeNull();
    expect(width(five!)).toBe(0);
    expect(hour!.dataset.expired).toBe("false");
  });

  it("says when nothing is cached", () => {
    playground.session = session(undefined, { cache: [] });
    render(TtlCountdown);
    expect(screen.queryByTestId("ttl-countdown")).toBeNull();
    expect(document.body.textContent).toContain("Nothing is cached right now.");
  });
});
