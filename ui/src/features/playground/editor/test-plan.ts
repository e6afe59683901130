// Test helpers: a playground store that never calls Rust on its own, and plan views built by hand.
import type { BlockOrigin, CachingRules, PlanView, PointPlan } from "../../../lib/ipc/bindings";
import { PlaygroundStore } from "../playground.svelte";

/** A store whose timers never fire (no plan/count/save calls) and whose frames run at once. */
export function quietStore(): PlaygroundStore {
  return new PlaygroundStore({ setTimeout: () => 0, clearTimeout: () => {}, frame: (fn) => fn(), now: () => 1_000 });
}

export const SONNET_RULES: CachingRules = {
  name: "Claude 3.7 Sonnet",
  minTokens: 1024,
  ttls: ["5m", "1h"],
  fields: ["tools", "system", "messages"],
  note: null,
  floorClaims: [],
  measured: null,
  implicit: false,
};

export function point(index: number, prefixTokens: number, more: Partial<PointPlan> = {}): PointPlan {
  const minTokens = more.minTokens === undefined ? 1024 : more.minTokens;
  const missing = minTokens !== null && prefixTokens < minTokens ? minTokens - prefixTokens : 0;
  return {
    index,
    afterBlocks: index + 1,
    section: "system",
    ttl: "5m",
    automatic: false,
    prefixTokens,
    minTokens,
    caches: missing === 0,
    problems: missing > 0 ? [{ kind: "belowMinimum", missingTokens: missing }] : [],
    ...more,
  };
}

/** A plan view with the given blocks (origin and tokens) and points; everything else neutral. */
export function makePlan(blocks: [BlockOrigin, number][], points: PointPlan[] = [], more: Partial<PlanView> = {}): PlanView {
  const total = blocks.reduce((sum, [, tokens]) => sum + tokens, 0);
  return {
    resolution: {
      invokeId: "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
      foundationModelId: "anthropic.claude-3-7-sonnet-20250219-v1:0",
      route: "systemProfile",
      reason: {
        kind: "profileOnly",
        modelId: "anthropic.claude-3-7-sonnet-20250219-v1:0",
        profileId: "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        destinations: ["us-east-1", "us-east-2", "us-west-2"],
      },
      alternatives: [],
    },
    region: "us-east-1",
    caching: SONNET_RULES,
    apis: null,
    messagesEndpoint: "runtime",
    serviceTiers: null,
    parameters: null,
    plan: {
      totalTokens: total,
      blockTokens: blocks.map(([, tokens]) => tokens),
      estimated: false,
      points,
      lints: [],
      modelKnown: true,
    },
    blocks: blocks.map(([origin]) => origin),
    points: [],
    prediction: {
      readTokens: 0,
      readBoundary: null,
      write5mTokens: 0,
      write1hTokens: 0,
      uncachedTokens: total,
      points: points.map(() => ({ kind: "nothing" as const })),
      misses: [],
      estimated: false,
    },
    problems: [],
    prices: null,
    priceQuote: null,
    billing: null,
    predictedCost: null,
    breakEvenReads: null,
    sizes: { api: "converse", countedBlocks: 0, estimatedBlocks: 0, reasons: [], prefixFraming: [] },
    cache: [],
    nowMs: 1_000,
    ...more,
  };
}
