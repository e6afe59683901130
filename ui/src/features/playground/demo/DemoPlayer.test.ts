import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { tick } from "svelte";
import { beforeEach, describe, expect, it } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import type { ContentItem, Demo, DemoEntry, Draft, SendRequest, Session, TurnRecord } from "../../../lib/ipc/bindings";
import { PlaygroundStore, emptyConversation } from "../playground.svelte";
import { WRITE_TURN } from "../run/fixtures";
import { fakeIpc, type Sent } from "../run/test-ipc";
import DemoBar from "./DemoBar.svelte";
import DemosPanel from "./DemosPanel.svelte";
import { DemoPlayer } from "./demo-player.svelte";

const AGENT: Demo = {
  format: "outcrop-demo",
  version: 1,
  id: "travel-agent.en",
  title: "Tool-using agent",
  description: "A travel assistant.",
  lang: "en",
  modelChoice: "us.anthropic.claude-sonnet-4-6",
  api: "converse",
  conversation: {
    ...emptyConversation(),
    tools: [{ type: "tool", name: "get_weather", description: "Weather of a city", inputSchema: "{}" }, { type: "cachePoint", ttl: "5m" }],
    messages: [],
  },
  questions: ["What's the weather in Lisbon?", "Any advice for Japan?"],
  toolResults: { get_weather: "{city}: 18 °C" },
};
const HANDBOOK: Demo = {
  ...AGENT,
  id: "long-document-qa.ja",
  title: "配送ハンドブック",
  lang: "ja",
  conversation: { ...emptyConversation(), messages: [{ role: "user", content: [{ type: "document", name: "doc", format: "md", text: "body" }, { type: "cachePoint", ttl: "5m" }] }] },
  questions: ["ゾーンは？"],
  toolResults: {},
};
const LIBRARY: DemoEntry[] = [
  { demo: AGENT, source: "shipped" },
  { demo: HANDBOOK, source: "shipped" },
];

/** Rust as the player meets it: one session in memory, a model that calls get_weather when asked about weather. */
function backend(): Sent[] {
  let draft: Draft | null = null;
  let turns: TurnRecord[] = [];
  const session = (): Session => ({
    id: "s1",
    title: "demo",
    draft: draft!,
    turns,
    earlierTurns: 0,
    damagedTurns: [],
    totals: { turns: turns.length, usage: WRITE_TURN.usage!, cost: 0, withoutCache: 0, saved: 0, implicitSaved: 0 },
    cache: [],
    nowMs: 0,
  });
  return fakeIpc({
    demo_list: () => ({ demos: LIBRARY, unreadable: [] }),
    sessions_list: () => [],
    session_create: (args) => {
      draft = structuredClone(args.draft as Draft);
      turns = [];
      return session();
    },
    session_get: () => session(),
    playground_send: (args) => {
      const request = (args.request as SendRequest).draft;
      const last = request.conversation.messages.at(-1)!;
      const asked = last.content.some((c) => c.type === "text" && c.text.includes("weather"));
      const reply: ContentItem[] = asked
        ? [{ type: "toolUse", toolUseId: `t${turns.length}`, name: "get_weather", input: '{"city":"Lisbon"}' }]
        : [{ type: "text", text: "Answered." }];
      const turn: TurnRecord = { ...WRITE_TURN, seq: turns.length + 1, request: request.conversation, reply, stopReason: asked ? "tool_use" : "end_turn" };
      turns = [...turns, turn];
      draft = structuredClone(request);
      draft.conversation.messages.push({ role: "assistant", content: reply });
      return turn;
    },
    demo_tool_results: (args) =>
      (args.reply as ContentItem[]).flatMap((c) => (c.type === "toolUse" ? [{ type: "toolResult", toolUseId: c.toolUseId, text: "Lisbon: 18 °C" }] : [])),
  });
}

function setUp() {
  const pg = new PlaygroundStore({ setTimeout: () => 0, clearTimeout: () => {}, frame: (fn) => fn(), now: () => 0 });
  const player = new DemoPlayer(pg);
  return { pg, player };
}

beforeEach(() => i18n.set("en"));

describe("the demo player", () => {
  it("plays a demo one question per Next, answering tool calls from the script until the model answers", async () => {
    const sent = backend();
    const { pg, player } = setUp();
    render(DemoBar, { player });
    await player.play(AGENT);
    await tick();
    expect(pg.draft.modelChoice).toBe(AGENT.modelChoice);
    expect(pg.draft.conversation.tools).toHaveLength(2);
    expect(screen.getByTestId("demo-progress").textContent).toBe("Question 0 of 2");
    expect(screen.getByTestId("demo-status").textContent?.trim()).toBe("Next: What's the weather in Lisbon?");

    await player.next();
    await tick();
    const sends = sent.filter((s) => s.cmd === "playground_send").map((s) => (s.args.request as SendRequest).draft.conversation.messages);
    expect(sends).toHaveLength(2);
    expect(sends[0]!.at(-1)!.content).toEqual([{ type: "text", text: "What's the weather in Lisbon?" }]);
    // The tool round: the scripted result answers the call, in the message the next question would have used.
    expect(sends[1]!.at(-1)).toEqual({ role: "user", content: [{ type: "toolResult", toolUseId: "t0", text: "Lisbon: 18 °C" }] });
    expect(screen.getByTestId("demo-progress").textContent).toBe("Question 1 of 2");
    expect(player.state).toBe("ready");

    // A clicker's Page Down asks the next one; in a text field it does not.
    const composer = document.createElement("textarea");
    document.body.append(composer);
    await fireEvent.keyDown(composer, { key: "PageDown" });
    expect(player.asked).toBe(1);
    await fireEvent.keyDown(window, { key: "PageDown" });
    await waitFor(() => expect(player.state).toBe("done"));
    expect(sent.filter((s) => s.cmd === "playground_send")).toHaveLength(3);
    expect(screen.getByTestId("demo-status").textContent?.trim()).toBe("All 2 questions asked.");
    expect((screen.getByTestId("demo-next") as HTMLButtonElement).disabled).toBe(true);

    i18n.set("ja");
    await tick();
    expect(screen.getByTestId("demo-progress").textContent).toBe("質問 2 / 2");
    await fireEvent.click(screen.getByTestId("demo-end"));
    expect(screen.queryByTestId("demo-bar")).toBeNull();
  });

  it("asks the first question in the message the demo's documents wait in", async () => {
    const sent = backend();
    const { player } = setUp();
    await player.play(HANDBOOK);
    await player.next();
    const first = sent.find((s) => s.cmd === "playground_send")!.args.request as SendRequest;
    expect(first.draft.conversation.messages).toHaveLength(1);
    expect(first.draft.conversation.messages[0]!.content.map((c) => c.type)).toEqual(["document", "cachePoint", "text"]);
  });

  it("lists the page's language first and plays from the list", async () => {
    backend();
    const { pg, player } = setUp();
    i18n.set("ja");
    let played = false;
    render(DemosPanel, { player, source: pg, onplay: () => (played = true) });
    await waitFor(() => expect(screen.getAllByTestId("demo")).toHaveLength(2));
    expect(screen.getAllByTestId("demo").map((e) => e.dataset.demo)).toEqual(["long-document-qa.ja", "travel-agent.en"]);
    expect(screen.getAllByTestId("demo")[1]!.textContent).toContain("ツール 1 個");
    await fireEvent.click(screen.getAllByTestId("demo-play")[0]!);
    await waitFor(() => expect(played).toBe(true));
    expect(player.demo?.id).toBe("long-document-qa.ja");
    expect((screen.getByTestId("demo-record") as HTMLButtonElement).disabled).toBe(true);
  });
});
