// Test support for the run view: a recording IPC fake and a way to put the playground store back to empty.
import { mockIPC } from "@tauri-apps/api/mocks";
import type { TurnEvent } from "../../../lib/ipc/bindings";
import { asSent } from "../../../test-support/sent-turns";
import { emptyConversation, playground } from "../playground.svelte";

export interface Sent {
  cmd: string;
  args: Record<string, unknown>;
}

export type Handler = (args: Record<string, unknown>) => unknown;

/** Installs a fake Rust side: each command answered by its handler (unknown ones by null), every call recorded. */
export function fakeIpc(handlers: Record<string, Handler>): Sent[] {
  const sent: Sent[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    sent.push({ cmd, args });
    const handler = handlers[cmd];
    return handler ? asSent(cmd, handler(args)) : null;
  });
  return sent;
}

/** Delivers a streamed event to the channel a command received. */
export function emit(args: Record<string, unknown>, event: TurnEvent): void {
  (args.onEvent as { onmessage: (e: unknown) => void }).onmessage(event);
}

export function resetPlayground(): void {
  playground.session = null;
  playground.draft = { conversation: emptyConversation(), modelChoice: "", api: "converse" };
  playground.live = null;
  playground.lastTurn = null;
  playground.sendError = null;
  playground.sessions = [];
  playground.sessionQuery = "";
  playground.sessionsError = null;
  playground.plan = null;
}
