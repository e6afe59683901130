import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { tick } from "svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import type { Resolution, Session, TurnRecord } from "../../../lib/ipc/bindings";
import { playground } from "../playground.svelte";
import { MISSED_TURN, PROFILE_TURN, READ_TURN, SESSION_ID, SONNET_37, US_SONNET_37, WRITE_TURN, session } from "./fixtures";
import { emit, fakeIpc, resetPlayground } from "./test-ipc";
import Transcript from "./Transcript.svelte";

beforeEach(() => resetPlayground());

function open(s: Session): void {
  playground.session = s;
  playground.draft = structuredClone(s.draft);
}

describe("Transcript", () => {
  it("names a turn that could not be read back, in both languages, and shows the rest", async () => {
    open(session([WRITE_TURN, READ_TURN], { damagedTurns: [{ seq: 3, error: "EOF while parsing a string at line 1 column 22" }] }));
    render(Transcript);
    expect(screen.getAllByTestId("turn")).toHaveLength(2);
    const damaged = screen.getByTestId("damaged-turn");
    expect(damaged.textContent?.trim()).toBe(
      "Turn 3 could not be read back from disk (EOF while parsing a string at line 1 column 22); the rest of the session opened without it.",
    );
    i18n.set("ja");
    await tick();
    expect(screen.getByTestId("damaged-turn").textContent).toContain("ターン 3 をディスクから読み込めませんでした");
    i18n.set("en");
  });

  it("names a turn that builds on a damaged one with the turn it builds on, in both languages", async () => {
    open(session([WRITE_TURN], { damagedTurns: [{ seq: 2, error: "x" }, { seq: 3, error: "y", buildsOn: 2 }] }));
    render(Transcript);
    const [, builds] = screen.getAllByTestId("damaged-turn");
    expect(builds!.textContent?.trim()).toBe(
      "Turn 3 could not be read back from disk: it was saved as what it added to turn 2, which could not be read. The rest of the session opened without it.",
    );
    i18n.set("ja");
    await tick();
    expect(screen.getAllByTestId("damaged-turn")[1]!.textContent).toContain("ターン 2 からの差分として保存");
    i18n.set("en");
  });

  it("opens on the latest turns and loads earlier ones a page at a time, keeping them across a reload", async () => {
    const numbered = (seq: number): TurnRecord => ({ ...READ_TURN, id: 1000 + seq, seq });
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => numbered(from + i));
    const sent = fakeIpc({
      session_earlier_turns: (args) => {
        const before = args.before as number;
        const from = Math.max(1, before - 20);
        return { turns: range(from, before - 1), earlierTurns: from - 1 };
      },
    });
    open(session(range(31, 50), { earlierTurns: 30 }));
    render(Transcript);
    const seqs = () => screen.getAllByTestId("turn").map((t) => Number(t.dataset.seq));
    expect(seqs()).toEqual(range(31, 50).map((t) => t.seq));
    const button = screen.getByTestId("show-earlier");
    expect(button.textContent?.trim()).toBe("Show 20 earlier turns");
    expect(screen.getByText("30 earlier turns not shown")).toBeTruthy();

    await userEvent.click(button);
    await waitFor(() => expect(seqs()).toHaveLength(40));
    expect(sent.find((c) => c.cmd === "session_earlier_turns")?.args).toEqual({ id: SESSION_ID, before: 31 });
    expect(seqs()[0]).toBe(11);
    expect(screen.getByTestId("show-earlier").textContent?.trim()).toBe("Show 10 earlier turns");

    // A send reloads the session: its latest page moves on by one, and what was loaded stays.
    playground.session = { ...playground.session!, turns: range(32, 51), earlierTurns: 31 };
    await tick();
    expect(seqs()).toEqual(range(11, 51).map((t) => t.seq));

    i18n.set("ja");
    await tick();
    expect(screen.getByTestId("show-earlier").textContent?.trim()).toBe("前の 10 ターンを表示");
    i18n.set("en");
    await userEvent.click(screen.getByTestId("show-earlier"));
    await waitFor(() => expect(seqs()[0]).toBe(1));
    expect(screen.queryByTestId("show-earlier")).toBeNull();
  });

  it("shows each turn: what was asked (documents as chips), the reply, retries and how it ended", () => {
    const failed: TurnRecord = {
      ...READ_TURN,
      id: 104,
      seq: 4,
      status: "failed",
      reply: [{ type: "text", text: "§4.3 explains how to" }],
      error: { code: "network", message: "The connection to Bedrock dropped. Check your network and send again." },
      usage: null,
      cost: null,
      reconciliation: null,
    };
    open(session([WRITE_TURN, READ_TURN, MISSED_TURN, failed]));
    render(Transcript);

    const turns = screen.getAllByTestId("turn");
    expect(turns.map((t) => t.dataset.seq)).toEqual(["1", "2", "3", "4"]);
    const first = turns[0]!;
    expect(within(first).getByTestId("document-chip").textContent).toContain("field guide (md)");
    expect(first.textContent).toContain("Which sections cover cross-bedding");
    expect(within(first).getByTestId("turn-reply").textContent).toContain("foresets dip in the direction");
    expect(within(first).queryByTestId("turn-status")).toBeNull();
    // The second turn asked its own (last) user message, not the first one again.
    expect(turns[1]!.textContent).toContain("Summarise §4.3 in two sentences.");
    expect(turns[1]!.querySelector(".asked")?.textContent).not.toContain("cross-bedding");
    expect(within(turns[2]!).getByTestId("turn-retries").textContent).toBe("retried 2 times after throttling");
    expect(within(first).queryByTestId("turn-retries")).toBeNull();

    const last = turns[3]!;
    expect(within(last).getByTestId("turn-status").textContent).toBe("Failed");
    expect(last.textContent).toContain("partial answer kept");
    expect(within(last).getByTestId("turn-error").textContent).toContain("The connection to Bedrock dropped");
    expect(within(last).getByTestId("turn-reply").textContent).toContain("§4.3 explains how to");
    expect(screen.getAllByTestId("usage-strip")).toHaveLength(4);
  });

  it("says a Messages API turn went to bedrock-mantle with the bare ID it sent, in both languages", async () => {
    const mantle: TurnRecord = {
      ...WRITE_TURN,
      api: "messages",
      invokeId: "anthropic.claude-3-7-sonnet-20250219-v1:0",
      messagesEndpoint: "mantle",
    };
    open(session([mantle, READ_TURN]));
    render(Transcript);
    const [first, second] = screen.getAllByTestId("turn");
    expect(first!.querySelector(".target")?.textContent?.trim()).toBe(
      "anthropic.claude-3-7-sonnet-20250219-v1:0 on bedrock-mantle in us-east-1",
    );
    expect(second!.querySelector(".target")?.textContent).not.toContain("bedrock-mantle");
    i18n.set("ja");
    try {
      await tick();
      expect(first!.querySelector(".target")?.textContent?.trim()).toBe(
        "anthropic.claude-3-7-sonnet-20250219-v1:0（bedrock-mantle、us-east-1）",
      );
    } finally {
      i18n.set("en");
    }
  });

  it("words a turn's AWS failure in Japanese, and a turn saved without a reason by its message", () => {
    const throttled: TurnRecord = {
      ...READ_TURN,
      id: 105,
      seq: 2,
      status: "failed",
      reply: [],
      error: { code: "throttled", message: "Too many requests, please wait.", reason: { kind: "throttled", awsMessage: "Too many requests, please wait." } },
      usage: null,
      cost: null,
      reconciliation: null,
    };
    const older: TurnRecord = { ...throttled, id: 106, seq: 3, error: { code: "network", message: "The connection to Bedrock dropped." } };
    open(session([WRITE_TURN, throttled, older]));
    i18n.set("ja");
    try {
      render(Transcript);
      const [aws, old] = screen.getAllByTestId("turn-error").map((e) => e.textContent ?? "");
      expect(aws).toContain("Bedrock がリクエストを制限しているか、クォータを使い切っています");
      expect(aws).toContain("AWS のメッセージ: Too many requests, please wait.");
      expect(old).toContain("The connection to Bedrock dropped.");
    } finally {
      i18n.set("en");
    }
  });

  it("streams the live turn, shows throttling retries, and stops it through playground_cancel", async () => {
    open(session([WRITE_TURN]));
    let finish: (turn: TurnRecord) => void = () => {};
    const cancelled: TurnRecord = {
      ...READ_TURN,
      status: "cancelled",
      reply: [{ type: "text", text: "§4.3 explains how to measure" }],
      usage: null,
      cost: null,
      reconciliation: null,
    };
    const sent = fakeIpc({
      playground_send: (args) => {
        emit(args, { event: "started", turnId: 102, invokeId: US_SONNET_37 });
        emit(args, { event: "retrying", attempt: 2, delayMs: 500, message: "Too many requests, please wait." });
        emit(args, { event: "attempt", attempt: 2 });
        emit(args, { event: "textDelta", block: 0, text: "§4.3 explains " });
        emit(args, { event: "textDelta", block: 0, text: "how to measure" });
        return new Promise<TurnRecord>((resolve) => (finish = resolve));
      },
      playground_cancel: () => {
        finish(cancelled);
        return true;
      },
      session_get: () => session([WRITE_TURN, cancelled]),
      sessions_list: () => [],
    });
    render(Transcript);
    const firstTurn = screen.getByTestId("turn");

    const sending = playground.send();
    const live = await screen.findByTestId("live-turn");
    await waitFor(() => expect(within(live).getByTestId("turn-reply").textContent).toContain("§4.3 explains how to measure"));
    expect(live.querySelector(".caret")).not.toBeNull();
    expect(within(live).getByTestId("live-retries").textContent).toContain(
      "attempt 2 — waiting 500 ms after throttling: Too many requests, please wait.",
    );
    expect(live.textContent).toContain(US_SONNET_37);
    // The past turn was not rebuilt while the answer streamed in.
    expect(screen.getAllByTestId("turn")[0]).toBe(firstTurn);

    await userEvent.click(within(live).getByTestId("stop-button"));
    expect(sent.filter((s) => s.cmd === "playground_cancel").map((s) => s.args)).toEqual([{ sessionId: SESSION_ID }]);
    await sending;

    await waitFor(() => expect(screen.queryByTestId("live-turn")).toBeNull());
    const turns = screen.getAllByTestId("turn");
    expect(turns).toHaveLength(2);
    expect(turns[0]).toBe(firstTurn);
    expect(within(turns[1]!).getByTestId("turn-status").textContent).toBe("Cancelled");
    expect(turns[1]!.textContent).toContain("partial answer kept");
  });

  it("offers the inference profile for a model that needs one, and switches the draft to it", async () => {
    const resolution: Resolution = {
      invokeId: US_SONNET_37,
      foundationModelId: SONNET_37,
      route: "systemProfile",
      reason: { kind: "profileOnly", modelId: SONNET_37, profileId: US_SONNET_37, destinations: ["us-east-1", "us-east-2"] },
      alternatives: [],
    };
    const sent = fakeIpc({ model_verdict: () => ({ verdict: "callable", resolution }) });
    open(session([PROFILE_TURN], { draft: { ...session().draft, modelChoice: SONNET_37 } }));
    render(Transcript);

    const turn = screen.getByTestId("turn");
    expect(within(turn).getByTestId("turn-error").dataset.code).toBe("needs_inference_profile");
    const use = await within(turn).findByRole("button", { name: `Use ${US_SONNET_37}` });
    expect(sent.filter((s) => s.cmd === "model_verdict").map((s) => s.args)).toEqual([{ input: SONNET_37 }]);
    expect(turn.textContent).toContain(
      `${SONNET_37} runs only through an inference profile here, so Outcrop calls ${US_SONNET_37}, which sends requests to us-east-1, us-east-2.`,
    );
    expect(playground.draft.modelChoice).toBe(SONNET_37);

    await userEvent.click(use);
    expect(playground.draft.modelChoice).toBe(US_SONNET_37);
    expect(within(turn).getByRole("status").textContent).toContain(`Now using ${US_SONNET_37}`);
  });

  it("says in Japanese why no profile can call the model from here", async () => {
    i18n.set("ja");
    try {
      fakeIpc({ model_verdict: () => ({ verdict: "refused", refusal: { kind: "noProfileInRegion", modelId: SONNET_37, region: "me-south-1" } }) });
      open(session([PROFILE_TURN], { draft: { ...session().draft, modelChoice: SONNET_37 } }));
      render(Transcript);
      const fix = await screen.findByTestId("profile-fix");
      await waitFor(() =>
        expect(fix.textContent).toContain(
          `${SONNET_37} は推論プロファイル経由でしか動きませんが、me-south-1 にはこのモデルを含むプロファイルがありません。`,
        ),
      );
      expect(within(fix).queryByRole("button", { name: /Use|使う/ })).toBeNull();
    } finally {
      i18n.set("en");
    }
  });
});
