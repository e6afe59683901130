import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Draft, Session, TurnRecord } from "../../lib/ipc/bindings";
import Composer from "./Composer.svelte";
import { emptyConversation, playground } from "./playground.svelte";
import { WRITE_TURN } from "./run/fixtures";
import { fakeIpc, resetPlayground } from "./run/test-ipc";

function session(draft: Draft, turns: TurnRecord[] = []): Session {
  return {
    id: "s1",
    title: "Test",
    draft,
    turns,
    earlierTurns: 0,
    damagedTurns: [],
    totals: { turns: 0, usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0 , implicitReadTokens: 0}, cost: 0, withoutCache: 0, saved: 0, implicitSaved: 0 },
    cache: [],
    nowMs: Date.now(),
  };
}

afterEach(() => resetPlayground());

describe("the composer", () => {
  it("keeps what is typed while an answer streams and makes it the next question", async () => {
    const draft: Draft = { conversation: emptyConversation(), modelChoice: "m", api: "converse" };
    draft.conversation.messages[0]!.content = [{ type: "text", text: "First question" }];
    const answered: Draft = structuredClone(draft);
    answered.conversation.messages.push({ role: "assistant", content: [{ type: "text", text: "Answer" }] });
    let finish: (turn: TurnRecord) => void = () => {};
    const sent = fakeIpc({
      playground_send: () => new Promise((resolve) => (finish = resolve)),
      session_get: () => session(answered, [WRITE_TURN]),
      sessions_list: () => [],
    });
    playground.session = session(draft);
    playground.draft = structuredClone(draft);
    render(Composer);

    const sending = playground.send();
    await waitFor(() => expect(playground.sending).toBe(true));
    const box = screen.getByTestId("composer") as HTMLTextAreaElement;
    expect(box.value).toBe("");
    await userEvent.type(box, "Second question");
    // The request in flight is untouched.
    expect(playground.draft.conversation.messages[0]!.content).toEqual([{ type: "text", text: "First question" }]);
    expect(sent.some((s) => s.cmd === "session_save_draft")).toBe(false);

    finish({ ...WRITE_TURN, status: "complete" });
    await sending;
    await waitFor(() => expect(box.value).toBe("Second question"));
    const messages = playground.draft.conversation.messages;
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(messages[2]!.content).toEqual([{ type: "text", text: "Second question" }]);
  });
});
