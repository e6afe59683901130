// One streamed turn, for every view that sends one (the playground and each Compare column): the Channel the
// events arrive on, their batching to one update per animation frame, the reducer that folds them into a
// `LiveTurn`, and the reload of the session once the turn has ended (the engine has saved it by then).
import { Channel } from "@tauri-apps/api/core";
import { asOutcropError, call, type OutcropError } from "../../lib/ipc";
import type { Draft, Session, TurnEvent, TurnRecord } from "../../lib/ipc/bindings";
import { receivedSession } from "./sent-turns";

/** A turn as it streams in: the text so far per content block, and what happened on the way. */
export interface LiveTurn {
  sessionId: string;
  turnId: number | null;
  invokeId: string | null;
  /** Text per content block index (reasoning separately). */
  text: string[];
  reasoning: string[];
  toolUses: { block: number; toolUseId: string; name: string; input: string }[];
  attempt: number;
  retries: { attempt: number; delayMs: number; message: string }[];
  stopReason: string | null;
  startedAt: number;
  firstTokenAt: number | null;
  /** The record the engine saved, once the `finished` event has arrived. */
  finished: TurnRecord | null;
}

export function liveTurn(sessionId: string, startedAt: number, invokeId: string | null = null): LiveTurn {
  return {
    sessionId,
    turnId: null,
    invokeId,
    text: [],
    reasoning: [],
    toolUses: [],
    attempt: 1,
    retries: [],
    stopReason: null,
    startedAt,
    firstTokenAt: null,
    finished: null,
  };
}

/**
 * Folds one event into a live turn. The switch names every event: one that Rust adds to `TurnEvent` and this does
 * not handle is a type error (the `never` below), not something silently dropped.
 */
export function applyTurnEvent(live: LiveTurn, event: TurnEvent, now: () => number): void {
  switch (event.event) {
    case "started":
      live.turnId = event.turnId;
      live.invokeId = event.invokeId;
      return;
    case "attempt":
      live.attempt = event.attempt;
      return;
    case "retrying":
      live.retries.push({ attempt: event.attempt, delayMs: event.delayMs, message: event.message });
      return;
    case "textDelta":
      live.firstTokenAt ??= now();
      live.text[event.block] = (live.text[event.block] ?? "") + event.text;
      return;
    case "reasoningDelta":
      live.reasoning[event.block] = (live.reasoning[event.block] ?? "") + event.text;
      return;
    case "toolUse":
      live.toolUses.push({ block: event.block, toolUseId: event.toolUseId, name: event.name, input: event.input });
      return;
    case "stop":
      live.stopReason = event.reason;
      return;
    case "usage":
    case "metrics":
      // Usage and latency arrive again, settled, in the turn record the session reload brings.
      return;
    case "finished":
      live.finished = event.turn;
      return;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Runs a function before the next repaint (a timer where there is no window, as in tests without one). */
export type FrameScheduler = (fn: () => void) => void;

export const nextFrame: FrameScheduler = (fn) =>
  typeof requestAnimationFrame === "function" ? void requestAnimationFrame(() => fn()) : void setTimeout(fn, 16);

export interface TurnStreamOptions {
  sessionId: string;
  draft: Draft;
  /** Receives the events that arrived since the last frame, once per frame, and the rest when the send returns. */
  apply: (events: TurnEvent[]) => void;
  frame?: FrameScheduler;
  /** Called once the send has returned or failed, before the session is reloaded. */
  settled?: (sent: { turn: TurnRecord | null; error: OutcropError | null }) => void;
}

export interface TurnOutcome {
  /** The turn as the engine saved it; null when the send itself failed. */
  turn: TurnRecord | null;
  error: OutcropError | null;
  /** The session reloaded after the turn (its turns, totals and draft as saved), or why it could not be. */
  session: Session | null;
  reloadError: OutcropError | null;
}

/** Sends `draft` as the next turn of a session, streams its events to `apply` a frame at a time, then reloads the session. */
export async function streamTurn(options: TurnStreamOptions): Promise<TurnOutcome> {
  const { sessionId, draft, apply, frame = nextFrame } = options;
  let pending: TurnEvent[] = [];
  let frameQueued = false;
  const flush = (): void => {
    frameQueued = false;
    if (pending.length === 0) return;
    const events = pending;
    pending = [];
    apply(events);
  };
  const channel = new Channel<TurnEvent>();
  channel.onmessage = (event) => {
    pending.push(event);
    if (frameQueued) return;
    frameQueued = true;
    frame(flush);
  };

  let turn: TurnRecord | null = null;
  let error: OutcropError | null = null;
  try {
    turn = await call("playground_send", { request: { sessionId, draft }, onEvent: channel });
  } catch (raw) {
    error = asOutcropError(raw, "playground_send");
  }
  flush();
  options.settled?.({ turn, error });

  try {
    return { turn, error, session: receivedSession(await call("session_get", { id: sessionId })), reloadError: null };
  } catch (raw) {
    return { turn, error, session: null, reloadError: asOutcropError(raw, "session_get") };
  }
}
