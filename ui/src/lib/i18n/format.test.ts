import { beforeEach, describe, expect, it } from "vitest";
import { formatUsd, formatUsdTick, i18n, usdDecimals } from "./index.svelte";

beforeEach(() => i18n.set("en"));

describe("formatUsd: one precision rule for money everywhere", () => {
  it.each([
    [4.0712, "$4.07"],
    [1234.5, "$1,234.50"],
    [0.4, "$0.40"],
    [0.0183, "$0.0183"],
    [0.005045, "$0.00505"],
    [0.000375, "$0.000375"],
    [0.0000001, "$0.000000"],
    [0, "$0.00"],
    [-0.005045, "-$0.00505"],
  ])("%f → %s", (value, text) => {
    expect(formatUsd(value)).toBe(text);
  });

  it("keeps three significant digits below a dollar, so neighbours in a table compare at a glance", () => {
    expect(usdDecimals(0.0099)).toBe(5);
    expect(usdDecimals(0.01)).toBe(4);
    expect(usdDecimals(0.0999)).toBe(4);
    expect(usdDecimals(0.5)).toBe(2);
    expect(usdDecimals(0.1)).toBe(2);
    expect(usdDecimals(1)).toBe(2);
  });
});

describe("formatUsdTick: one precision per axis", () => {
  it("gives every tick the decimals its step needs", () => {
    const ticks = [0, 0.02, 0.04, 0.06, 0.08, 0.1].map((value) => ({ value }));
    expect(ticks.map((t) => formatUsdTick(t.value, ticks))).toEqual(["$0.00", "$0.02", "$0.04", "$0.06", "$0.08", "$0.10"]);
    const fine = [0, 0.005, 0.01, 0.015].map((value) => ({ value }));
    expect(fine.map((t) => formatUsdTick(t.value, fine))).toEqual(["$0.000", "$0.005", "$0.010", "$0.015"]);
    const big = [0, 5, 10].map((value) => ({ value }));
    expect(big.map((t) => formatUsdTick(t.value, big))).toEqual(["$0.00", "$5.00", "$10.00"]);
  });
});
