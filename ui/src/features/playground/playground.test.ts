import { describe, expect, it } from "vitest";
import type { Draft, Session, SessionSummary, TurnRecord } from "../../lib/ipc/bindings";
import { COUNT_DELAY_MS, PLAN_DELAY_MS, PlaygroundStore, SAVE_DELAY_MS, documentName, emptyConversation } from "./playground.svelte";
import { emit, fakeIpc } from "./run/test-ipc";
import { READ_TURN as readTurn, WRITE_TURN as writeTurn } from "./run/fixtures";

/** A scheduler the test moves by hand: timers by time, animation frames on demand. */
class ManualScheduler {
  time = 1_000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private frames: (() => void)[] = [];
  private next = 1;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };
  frame = (fn: () => void): void => {
    this.frames.push(fn);
  };
  now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fn();
  }
  runFrames(): number {
    const frames = this.frames;
    this.frames = [];
    for (const f of frames) f();
    return frames.length;
  }
}

function summaryOf(s: Session): SessionSummary {
  return { id: s.id, title: s.title, titleSource: "auto", run: null, createdAtMs: 0, updatedAtMs: 0, modelChoice: s.draft.modelChoice, turns: 0, cost: 0, saved: 0 };
}

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
    nowMs: 5_000,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the playground store", () => {
  it("plans, counts and saves once the person stops typing", async () => {
    const sent = fakeIpc({
      playground_plan: () => null,
      playground_count_tokens: () => null,
      session_save_draft: () => "What is alpha?",
    });
    const scheduler = new ManualScheduler();
    const store = new PlaygroundStore(scheduler);
    store.session = session({ conversation: emptyConversation(), modelChoice: "m", api: "converse" });
    store.sessions = [{ ...summaryOf(store.session), title: "" }];
    store.draft.modelChoice = "m";
    for (const text of ["H", "He", "Hel"]) {
      store.setSystemText(0, text);
      scheduler.advance(PLAN_DELAY_MS - 1);
    }
    expect(sent.filter((s) => s.cmd === "playground_plan")).toHaveLength(0);
    scheduler.advance(1);
    await flush();
    const plans = sent.filter((s) => s.cmd === "playground_plan");
    expect(plans).toHaveLength(1);
    expect((plans[0]!.args.request as { conversation: { system: { text: string }[] } }).conversation.system[0]!.text).toBe("Hel");
    scheduler.advance(SAVE_DELAY_MS);
    scheduler.advance(COUNT_DELAY_MS);
    await flush();
    expect(sent.filter((s) => s.cmd === "session_save_draft")).toHaveLength(1);
    expect(sent.filter((s) => s.cmd === "playground_count_tokens")).toHaveLength(1);
    // The save answers with the title (named after the first question): the header and the list follow it.
    expect(store.session?.title).toBe("What is alpha?");
    expect(store.sessions[0]!.title).toBe("What is alpha?");
  });

  it("saves drafts one after another, so an older save never lands after a newer one", async () => {
    const answers: (() => void)[] = [];
    const sent = fakeIpc({
      session_save_draft: () => new Promise<string>((resolve) => answers.push(() => resolve("t"))),
    });
    const store = new PlaygroundStore(new ManualScheduler());
    store.session = session({ conversation: emptyConversation(), modelChoice: "m", api: "converse" });
    store.setSystemText(0, "first");
    const first = store.saveDraft();
    store.setSystemText(0, "second");
    const second = store.saveDraft();
    await flush();
    const saves = () => sent.filter((s) => s.cmd === "session_save_draft");
    expect(saves()).toHaveLength(1);
    answers.shift()!();
    await first;
    await flush();
    expect(saves()).toHaveLength(2);
    expect((saves()[1]!.args.draft as Draft).conversation.system[0]).toEqual({ type: "text", text: "second" });
    answers.shift()!();
    await second;
  });

  it("plans and counts on the wire of the transport chosen", async () => {
    const sent = fakeIpc({ playground_plan: () => null, playground_count_tokens: () => null });
    const scheduler = new ManualScheduler();
    const store = new PlaygroundStore(scheduler);
    store.session = session({ conversation: emptyConversation(), modelChoice: "m", api: "converse" });
    store.draft.modelChoice = "m";
    store.setApi("invokeModel");
    scheduler.advance(COUNT_DELAY_MS);
    await flush();
    for (const cmd of ["playground_plan", "playground_count_tokens"]) {
      const call = sent.find((s) => s.cmd === cmd);
      expect((call?.args.request as { api: string }).api, cmd).toBe("invokeModel");
    }
  });

  it("ignores a count a newer one superseded, keeping the newer counts and no error", async () => {
    const answers: ((report: unknown) => void)[] = [];
    const sent = fakeIpc({
      playground_plan: () => null,
      playground_count_tokens: () => new Promise((resolve) => answers.push(resolve)),
    });
    const store = new PlaygroundStore(new ManualScheduler());
    store.session = session({ conversation: emptyConversation(), modelChoice: "m", api: "converse" });
    store.draft.modelChoice = "m";
    const first = store.countTokens();
    const second = store.countTokens();
    await flush();
    const counted = { countedBlocks: 2, estimatedBlocks: 0, unavailable: null, superseded: false };
    answers[1]!(counted);
    await second;
    answers[0]!({ countedBlocks: 0, estimatedBlocks: 0, unavailable: null, superseded: true });
    await first;
    expect(store.counts).toEqual(counted);
    expect(store.countError).toBeNull();
    // The superseded answer asks for no plan of its own: only the newer count replans.
    expect(sent.filter((s) => s.cmd === "playground_plan")).toHaveLength(1);
  });

  it("ignores a plan that comes back after a newer one was asked for", async () => {
    const answers: ((plan: unknown) => void)[] = [];
    fakeIpc({ playground_plan: () => new Promise((resolve) => answers.push(resolve)) });
    const store = new PlaygroundStore(new ManualScheduler());
    store.draft.modelChoice = "m";
    const first = store.replan();
    const second = store.replan();
    answers[1]!({ nowMs: 1, marker: "new" });
    answers[0]!({ nowMs: 1, marker: "old" });
    await Promise.all([first, second]);
    expect((store.plan as unknown as { marker: string }).marker).toBe("new");
  });

  it("plans again when a cached prefix expires, so the prediction turns a read into a write", async () => {
    const plans: unknown[] = [];
    fakeIpc({
      playground_plan: () => {
        plans.push(1);
        return { nowMs: 10_000, cache: plans.length === 1 ? [{ expiresAtMs: 11_000 }] : [] };
      },
    });
    const scheduler = new ManualScheduler();
    const store = new PlaygroundStore(scheduler);
    store.draft.modelChoice = "m";
    await store.replan();
    expect(plans).toHaveLength(1);
    scheduler.advance(1_000);
    await flush();
    expect(plans).toHaveLength(1);
    scheduler.advance(300);
    await flush();
    expect(plans).toHaveLength(2);
  });

  it("moves, retimes and removes cache points", () => {
    fakeIpc({});
    const store = new PlaygroundStore(new ManualScheduler());
    store.draft.conversation.messages[0]!.content = [
      { type: "text", text: "a" },
      { type: "text", text: "b" },
    ];
    store.addCachePoint({ section: "message", message: 0, after: 1 });
    expect(store.cachePoints).toEqual([{ slot: { section: "message", message: 0, after: 1 }, index: 0, ttl: "5m" }]);
    const moved = store.moveCachePoint({ section: "message", message: 0, after: 1 }, 1);
    expect(moved).toEqual({ section: "message", message: 0, after: 2 });
    expect(store.draft.conversation.messages[0]!.content.map((c) => c.type)).toEqual(["text", "text", "cachePoint"]);
    expect(store.moveCachePoint(moved, 1)).toEqual(moved); // already last
    store.setCachePointTtl(moved, "1h");
    expect(store.cachePoints[0]!.ttl).toBe("1h");
    store.removeCachePoint(moved);
    expect(store.cachePoints).toEqual([]);
  });

  it("puts a document before the question, named and typed from its file", () => {
    fakeIpc({});
    const store = new PlaygroundStore(new ManualScheduler());
    store.draft.conversation.messages[0]!.content = [{ type: "text", text: "Summarise" }];
    store.addDocument(0, "Q3 report_v2.md", "# Q3");
    expect(store.draft.conversation.messages[0]!.content[0]).toEqual({ type: "document", name: "Q3 report v2", format: "md", text: "# Q3" });
    expect(documentName("....txt")).toBe("document");
  });

  it("streams a turn one animation frame at a time, then continues from the saved draft", async () => {
    const scheduler = new ManualScheduler();
    const store = new PlaygroundStore(scheduler);
    const draft: Draft = { conversation: emptyConversation(), modelChoice: "m", api: "converse" };
    draft.conversation.messages[0]!.content = [{ type: "text", text: "Question" }];
    store.session = session(draft);
    store.draft = structuredClone(draft);
    let channelArgs: Record<string, unknown> | null = null;
    let finish: (turn: TurnRecord) => void = () => {};
    const answered: Draft = structuredClone(draft);
    answered.conversation.messages.push({ role: "assistant", content: [{ type: "text", text: "Answer" }] });
    fakeIpc({
      playground_send: (args) => {
        channelArgs = args;
        return new Promise((resolve) => (finish = resolve));
      },
      session_get: () => session(answered, [writeTurn]),
      sessions_list: () => [],
    });
    const sending = store.send();
    await flush();
    expect(store.sending).toBe(true);
    emit(channelArgs!, { event: "textDelta", block: 0, text: "Ans" });
    emit(channelArgs!, { event: "textDelta", block: 0, text: "wer" });
    emit(channelArgs!, { event: "retrying", attempt: 2, delayMs: 500, message: "Too many requests" });
    expect(store.live!.text).toEqual([]); // nothing applied until the frame
    expect(scheduler.runFrames()).toBe(1); // one frame for all three events
    expect(store.live!.text).toEqual(["Answer"]);
    expect(store.live!.retries).toEqual([{ attempt: 2, delayMs: 500, message: "Too many requests" }]);
    finish({ ...writeTurn, status: "complete" });
    await sending;
    expect(store.sending).toBe(false);
    expect(store.session!.turns).toHaveLength(1);
    const messages = store.draft.conversation.messages;
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(messages[2]!.content).toEqual([{ type: "text", text: "" }]);
  });

  it("ends a turn stopped while its connection was still loading without an error", async () => {
    const store = new PlaygroundStore(new ManualScheduler());
    const draft: Draft = { conversation: emptyConversation(), modelChoice: "m", api: "converse" };
    store.session = session(draft);
    store.draft = structuredClone(draft);
    let refuse: (error: unknown) => void = () => {};
    const sent = fakeIpc({
      playground_send: () => new Promise((_, reject) => (refuse = reject)),
      playground_cancel: () => {
        refuse({ code: "conflict", message: "Stopped before the turn was sent; nothing was sent or saved.", detail: "" });
        return true;
      },
      session_get: () => session(draft),
      sessions_list: () => [],
    });
    const sending = store.send();
    await flush();
    await store.stop();
    expect(await sending).toBeNull();
    expect(sent.some((s) => s.cmd === "playground_cancel")).toBe(true);
    expect(store.sendError).toBeNull();
    expect(store.live).toBeNull();
    expect(store.draft.conversation.messages).toHaveLength(1);
  });

  it("keeps the question to send again when a turn fails", async () => {
    const store = new PlaygroundStore(new ManualScheduler());
    const draft: Draft = { conversation: emptyConversation(), modelChoice: "m", api: "converse" };
    store.session = session(draft);
    store.draft = structuredClone(draft);
    fakeIpc({
      playground_send: () => ({ ...readTurn, status: "failed" }),
      session_get: () => session(draft, [readTurn]),
      sessions_list: () => [],
    });
    await store.send();
    expect(store.draft.conversation.messages).toHaveLength(1);
  });
});

describe("the composer's empty question", () => {
  it("keeps Send disabled but puts no red note on the question still to be typed", () => {
    const store = new PlaygroundStore(new ManualScheduler());
    store.draft.conversation = {
      ...emptyConversation(),
      system: [{ type: "text", text: "" }],
      messages: [
        { role: "user", content: [{ type: "text", text: "Q1" }] },
        { role: "assistant", content: [{ type: "text", text: "A1" }] },
        { role: "user", content: [{ type: "text", text: "" }] },
      ],
    };
    const empty = "This text block is empty; write something or remove it.";
    store.plan = {
      problems: [
        { field: "system[0].text", message: "empty system" },
        { field: "messages[2].content[0].text", message: empty },
      ],
    } as unknown as NonNullable<typeof store.plan>;
    expect(store.sendBlockers).toContain("messages[2].content[0].text");
    expect(store.shownProblems.map((p) => p.field)).toEqual(["system[0].text"]);
    // Once something is typed, a rule broken there is shown again.
    store.draft.conversation.messages[2]!.content[0] = { type: "text", text: "  " };
    expect(store.shownProblems.map((p) => p.field)).toEqual(["system[0].text"]);
    store.draft.conversation.messages[2]!.content[0] = { type: "text", text: "Q2" };
    expect(store.shownProblems.map((p) => p.field)).toEqual(["system[0].text", "messages[2].content[0].text"]);
  });
});
