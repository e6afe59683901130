// Turn records for tests: a Claude 3.7 Sonnet session that writes a 2,048-token system prompt to the cache on
// turn 1 and reads it on turn 2, priced at $3 / $15 / $3.75 / $0.30 per million tokens.
import type {
  CachedPrefix,
  Conversation,
  Prices,
  Session,
  SessionTotals,
  TurnCost,
  TurnRecord,
  Usage,
} from "../../../lib/ipc/bindings";

export const SONNET_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";
export const US_SONNET_37 = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
export const REGION = "us-east-1";
export const SCOPE = `${REGION}|${US_SONNET_37}`;
export const SESSION_ID = "s-7f3a";
/** 2025-06-02T09:00:00Z */
export const T0 = Date.UTC(2025, 5, 2, 9, 0, 0);

export const SONNET_37_PRICES: Prices = {
  input: 3,
  output: 15,
  cacheWrite5m: 3.75,
  cacheWrite1h: null,
  cacheRead: 0.3,
};

/** A turn's cost as Rust prices it (`pricing.rs`): without caching, every input token at the input price. */
export function costOf(usage: Usage, prices: Prices = SONNET_37_PRICES): TurnCost {
  const m = 1_000_000;
  const input = (usage.inputTokens * prices.input) / m;
  const cacheWrite =
    (usage.cacheWrite5mTokens * prices.cacheWrite5m + usage.cacheWrite1hTokens * (prices.cacheWrite1h ?? prices.cacheWrite5m)) / m;
  const cacheRead = (usage.cacheReadInputTokens * prices.cacheRead) / m;
  const output = (usage.outputTokens * prices.output) / m;
  const total = input + cacheWrite + cacheRead + output;
  const all = usage.inputTokens + usage.cacheReadInputTokens + usage.cacheWrite5mTokens + usage.cacheWrite1hTokens;
  const withoutCache = (all * prices.input) / m + output;
  return { input, cacheWrite, cacheRead, output, total, withoutCache, saved: withoutCache - total, implicitRead: 0, implicitSaved: 0 };
}

export const SYSTEM_PROMPT =
  "You are the field guide's assistant. Answer from the guide below; quote section numbers.\n\n" +
  "1. Sedimentary outcrops … (the guide continues for about 2,000 tokens)";

const QUESTION_1 = "Which sections cover cross-bedding, and what does it tell us about current direction?";
const ANSWER_1 =
  "Cross-bedding is covered in §4.2 and §4.3. The foresets dip in the direction the current flowed, so measuring their dip azimuth gives the palaeocurrent.";
const QUESTION_2 = "Summarise §4.3 in two sentences.";
const ANSWER_2 =
  "§4.3 explains how to measure foreset dip azimuths on a bedding plane. It recommends at least 25 readings per outcrop and a rose diagram to show the spread.";

function conversation(messages: Conversation["messages"]): Conversation {
  return {
    tools: [],
    system: [
      { type: "text", text: SYSTEM_PROMPT },
      { type: "cachePoint", ttl: "5m" },
    ],
    messages,
    inference: { maxTokens: 1024, stopSequences: [] },
  };
}

const WRITE_USAGE: Usage = {
  inputTokens: 14,
  outputTokens: 312,
  cacheReadInputTokens: 0,
  cacheWrite5mTokens: 2048,
  cacheWrite1hTokens: 0, implicitReadTokens: 0,
};

/** Turn 1: the system prompt (2,048 tokens) is written to the cache, as predicted. */
export const WRITE_TURN: TurnRecord = {
  id: 101,
  sessionId: SESSION_ID,
  seq: 1,
  status: "complete",
  startedAtMs: T0,
  modelChoice: US_SONNET_37,
  invokeId: US_SONNET_37,
  foundationModelId: SONNET_37,
  region: REGION,
  api: "converse",
  request: conversation([
    {
      role: "user",
      content: [
        { type: "document", name: "field guide", format: "md", text: "# Field guide\n…" },
        { type: "text", text: QUESTION_1 },
      ],
    },
  ]),
  reply: [{ type: "text", text: ANSWER_1 }],
  stopReason: "end_turn",
  error: null,
  usage: WRITE_USAGE,
  prices: SONNET_37_PRICES,
  billing: null,
  serviceTier: null,
  cost: costOf(WRITE_USAGE),
  prediction: {
    readTokens: 0,
    readBoundary: null,
    write5mTokens: 2048,
    write1hTokens: 0,
    uncachedTokens: 14,
    points: [{ kind: "write", tokens: 2048, ttl: "5m" }],
    misses: [],
    estimated: false,
  },
  reconciliation: {
    matches: true,
    exact: true,
    predictedRead: 0,
    actualRead: 0,
    implicitRead: 0,
    predictedWrite: 2048,
    actualWrite: 2048,
    causes: [],
  },
  latency: { timeToFirstTokenMs: 840, totalMs: 4210, serviceLatencyMs: 4105 },
  attempts: 1,
};

const READ_USAGE: Usage = {
  inputTokens: 346,
  outputTokens: 187,
  cacheReadInputTokens: 2048,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0, implicitReadTokens: 0,
};

/** Turn 2, 40 s later: the cached system prompt is read, as predicted. */
export const READ_TURN: TurnRecord = {
  ...WRITE_TURN,
  id: 102,
  seq: 2,
  startedAtMs: T0 + 40_000,
  request: conversation([
    ...WRITE_TURN.request.messages,
    { role: "assistant", content: [{ type: "text", text: ANSWER_1 }] },
    { role: "user", content: [{ type: "text", text: QUESTION_2 }] },
  ]),
  reply: [{ type: "text", text: ANSWER_2 }],
  usage: READ_USAGE,
  cost: costOf(READ_USAGE),
  prediction: {
    readTokens: 2048,
    readBoundary: 1,
    write5mTokens: 0,
    write1hTokens: 0,
    uncachedTokens: 346,
    points: [{ kind: "read", tokens: 2048 }],
    misses: [],
    estimated: false,
  },
  reconciliation: {
    matches: true,
    exact: true,
    predictedRead: 2048,
    actualRead: 2048,
    implicitRead: 0,
    predictedWrite: 0,
    actualWrite: 0,
    causes: [],
  },
  latency: { timeToFirstTokenMs: 410, totalMs: 2380, serviceLatencyMs: 2301 },
};

const MISS_USAGE: Usage = {
  inputTokens: 372,
  outputTokens: 95,
  cacheReadInputTokens: 0,
  cacheWrite5mTokens: 2048,
  cacheWrite1hTokens: 0, implicitReadTokens: 0,
};

/** Turn 3: a read was predicted, but the profile routed to another Region; the prefix was written again. */
export const MISSED_TURN: TurnRecord = {
  ...READ_TURN,
  id: 103,
  seq: 3,
  startedAtMs: T0 + 100_000,
  reply: [{ type: "text", text: "Yes: §4.3 also covers trough cross-bedding." }],
  usage: MISS_USAGE,
  cost: costOf(MISS_USAGE),
  prediction: { ...READ_TURN.prediction, uncachedTokens: 372 },
  reconciliation: {
    matches: false,
    exact: false,
    predictedRead: 2048,
    actualRead: 0,
    implicitRead: 0,
    predictedWrite: 0,
    actualWrite: 2048,
    causes: [{ kind: "routedToAnotherRegion" }, { kind: "expiredOrEvicted" }],
  },
  latency: { timeToFirstTokenMs: 905, totalMs: 3020, serviceLatencyMs: 2950 },
  attempts: 3,
};

/** A turn whose system prompt gained a timestamp: nothing read, as predicted, with the reason. */
export const CHANGED_PREFIX_TURN: TurnRecord = {
  ...MISSED_TURN,
  id: 104,
  seq: 4,
  prediction: {
    ...WRITE_TURN.prediction,
    uncachedTokens: 372,
    misses: [{ kind: "prefixChanged", diff: { block: 0, offset: 57, before: "assistant. Answer", after: "assistant (09:14). Answer" } }],
  },
  reconciliation: {
    matches: true,
    exact: true,
    predictedRead: 0,
    actualRead: 0,
    implicitRead: 0,
    predictedWrite: 2048,
    actualWrite: 2048,
    causes: [{ kind: "prefixChanged", diff: { block: 0, offset: 57, before: "assistant. Answer", after: "assistant (09:14). Answer" } }],
  },
  attempts: 1,
};

/** A bare model ID that needs an inference profile: the turn failed before any token. */
export const PROFILE_TURN: TurnRecord = {
  ...WRITE_TURN,
  id: 100,
  seq: 1,
  status: "failed",
  modelChoice: SONNET_37,
  invokeId: SONNET_37,
  reply: [],
  stopReason: null,
  error: {
    code: "needs_inference_profile",
    message: `${SONNET_37} is not available on demand in ${REGION}; call it through an inference profile.`,
  },
  usage: null,
  cost: null,
  reconciliation: null,
  latency: { timeToFirstTokenMs: null, totalMs: 180, serviceLatencyMs: null },
};

export function totalsOf(turns: readonly TurnRecord[]): SessionTotals {
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 , implicitReadTokens: 0};
  let cost = 0;
  let withoutCache = 0;
  for (const turn of turns) {
    if (turn.usage) {
      usage.inputTokens += turn.usage.inputTokens;
      usage.outputTokens += turn.usage.outputTokens;
      usage.cacheReadInputTokens += turn.usage.cacheReadInputTokens;
      usage.cacheWrite5mTokens += turn.usage.cacheWrite5mTokens;
      usage.cacheWrite1hTokens += turn.usage.cacheWrite1hTokens;
    }
    if (turn.cost) {
      cost += turn.cost.total;
      withoutCache += turn.cost.withoutCache;
    }
  }
  return { turns: turns.length, usage, cost, withoutCache, saved: withoutCache - cost, implicitSaved: 0 };
}

export function cachedPrefix(overrides: Partial<CachedPrefix> = {}): CachedPrefix {
  return {
    scope: SCOPE,
    boundary: 1,
    prefixHash: "9c1e44b0",
    tokens: 2048,
    ttl: "5m",
    writtenAtMs: T0,
    expiresAtMs: T0 + 300_000,
    reads: 0,
    ...overrides,
  };
}

export function session(turns: TurnRecord[] = [WRITE_TURN, READ_TURN], overrides: Partial<Session> = {}): Session {
  const last = turns.at(-1);
  return {
    id: SESSION_ID,
    title: "Field guide Q&A",
    draft: {
      conversation: last ? structuredClone(last.request) : conversation([{ role: "user", content: [{ type: "text", text: "" }] }]),
      modelChoice: US_SONNET_37,
      api: "converse",
    },
    turns,
    earlierTurns: 0,
    damagedTurns: [],
    totals: totalsOf(turns),
    cache: [cachedPrefix({ expiresAtMs: T0 + 40_000 + 300_000, reads: 1 })],
    nowMs: T0 + 60_000,
    ...overrides,
  };
}
