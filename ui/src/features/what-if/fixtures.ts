// Test fixtures: the what-if of 60 requests an hour on Sonnet 4.6's global row (the figures of outcrop-core's
// hand-computed case), its models and a session's figures.
import type { MonthlyCost, WhatIf, WhatIfInput, WhatIfModel, WhatIfPrefill } from "../../lib/ipc/bindings";

const PRICES = { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 };

function month(total: number, writes: number, reads: number): MonthlyCost {
  return { requests: 43_833.6, writes, reads, input: 0, cacheWrite: 0, cacheRead: 0, output: 328.752, total };
}

export function result(overrides: Partial<WhatIf> = {}): WhatIf {
  return {
    modelId: "anthropic.claude-sonnet-4-6",
    modelName: "Claude Sonnet 4.6",
    quote: {
      prices: PRICES,
      modelIdPrefix: "anthropic.claude-sonnet-4-6",
      geography: null,
      route: "global",
      row: { kind: "base" },
      longContext: null,
      tiers: {},
      asOf: "2026-12-01",
      source: "https://aws.amazon.com/bedrock/pricing/",
      note: null,
    },
    billing: { prices: PRICES, route: "global", row: { kind: "base" }, longContext: false, tier: "default", tierMultiplier: null },
    tierPriceUnknown: false,
    floor: 2048,
    floorMeasured: false,
    hoursPerMonth: 730.56,
    requestsPerMonth: 43_833.6,
    noCache: month(1_656.91008, 0, 0),
    fiveMinutes: {
      ttl: "5m",
      status: { kind: "caches" },
      monthly: month(473.43738, 1, 43_832.6),
      saved: 1_183.4727,
      breakEven: { kind: "above", requestsPerHour: 12 },
    },
    oneHour: {
      ttl: "1h",
      status: { kind: "caches" },
      monthly: month(473.45988, 1, 43_832.6),
      saved: 1_183.4502,
      breakEven: { kind: "above", requestsPerHour: 1 },
    },
    series: [
      { requestsPerHour: 0.1, noCache: 2.76, fiveMinutes: 3.31, oneHour: 0.79, today: false },
      { requestsPerHour: 60, noCache: 1_656.91, fiveMinutes: 473.44, oneHour: 473.46, today: true },
      { requestsPerHour: 600, noCache: 16_569.1, fiveMinutes: 4_731.2, oneHour: 4_731.2, today: false },
    ],
    ...overrides,
  };
}

export const MODELS: WhatIfModel[] = [
  {
    modelId: "anthropic.claude-sonnet-4-6",
    name: "Claude Sonnet 4.6",
    provider: "Anthropic",
    ttls: ["5m", "1h"],
    floor: 2048,
    tiers: ["default", "reserved"],
  },
  { modelId: "anthropic.claude-3-7-sonnet", name: "Claude 3.7 Sonnet", provider: "Anthropic", ttls: ["5m"], floor: 1024, tiers: null },
];

export function input(overrides: Partial<WhatIfInput> = {}): WhatIfInput {
  return {
    modelId: "anthropic.claude-sonnet-4-6",
    geography: "global",
    tier: "default",
    prefixTokens: 10_000,
    questionTokens: 100,
    answerTokens: 500,
    requestsPerHour: 60,
    spread: { kind: "steady" },
    ...overrides,
  };
}

export function prefill(turns = 4): WhatIfPrefill {
  return {
    input: input(),
    turns,
    fromSession: turns === 0 ? [] : ["model", "route", "prefixTokens", "questionTokens", "answerTokens", "requestsPerHour"],
  };
}
