// The demo player: the library of demos (shipped, imported, recorded), and the demo being played in the
// playground — one question per press of Next (or a clicker's Page Down), each sent through the playground's own
// send so the transcript, the savings headline and the charts build up as it goes. When the model calls a tool,
// the demo's scripted result answers it (Rust fills it in) and the loop goes on until the model answers in text.
import { asOutcropError, call, type OutcropError } from "../../../lib/ipc";
import type { Demo, DemoEntry, TurnRecord } from "../../../lib/ipc/bindings";
import { playground, type PlaygroundStore } from "../playground.svelte";

/** The most tool rounds one question may take before the player stops (a model that calls tools forever). */
export const MAX_TOOL_ROUNDS = 5;

export type PlayerState = "idle" | "ready" | "sending" | "tool" | "done" | "stopped";

export class DemoPlayer {
  entries = $state<DemoEntry[]>([]);
  unreadable = $state<string[]>([]);
  loading = $state(false);
  error = $state<OutcropError | null>(null);
  /** The demo being played, and how many of its questions have been sent. */
  demo = $state<Demo | null>(null);
  asked = $state(0);
  state = $state<PlayerState>("idle");
  /** The tool the script is answering, while it does. */
  tool = $state<string | null>(null);
  /** A note after an import, an export or a recording ("Saved … in …"). */
  note = $state<string | null>(null);

  constructor(private readonly pg: PlaygroundStore = playground) {}

  get playing(): boolean {
    return this.demo !== null;
  }

  get total(): number {
    return this.demo?.questions.length ?? 0;
  }

  /** The question Next sends, or null when every one has been asked. */
  get nextQuestion(): string | null {
    return this.demo?.questions[this.asked] ?? null;
  }

  get canAdvance(): boolean {
    return this.state === "ready" && this.nextQuestion !== null && !this.pg.sending;
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      const library = await call("demo_list");
      this.entries = library.demos;
      this.unreadable = library.unreadable;
      this.error = null;
    } catch (error) {
      this.error = asOutcropError(error, "demo_list");
    } finally {
      this.loading = false;
    }
  }

  /** Starts `demo` in a new session of the playground, on `modelChoice` (the demo's own by default). */
  async play(demo: Demo, modelChoice = demo.modelChoice): Promise<void> {
    this.error = null;
    await this.pg.startSession(demo.title, {
      conversation: structuredClone($state.snapshot(demo.conversation)) as Demo["conversation"],
      modelChoice,
      api: demo.api,
    });
    this.demo = demo;
    this.asked = 0;
    this.tool = null;
    this.state = "ready";
  }

  /** Sends the next question, answering tool calls from the script until the model answers in text. */
  async next(): Promise<void> {
    const demo = this.demo;
    const question = this.nextQuestion;
    if (!demo || question === null || !this.canAdvance) return;
    this.state = "sending";
    this.pg.setQuestion(question);
    this.asked += 1;
    let turn: TurnRecord | null = await this.pg.send();
    for (let round = 0; turn?.status === "complete" && turn.stopReason === "tool_use" && round < MAX_TOOL_ROUNDS; round++) {
      const results = await call("demo_tool_results", { id: demo.id, reply: turn.reply }).catch((error: unknown) => {
        this.error = asOutcropError(error, "demo_tool_results");
        return [];
      });
      if (results.length === 0) break;
      this.state = "tool";
      this.tool = turn.reply.flatMap((c) => (c.type === "toolUse" ? [c.name] : [])).join(", ");
      // The playground left an empty user message for the next question: the results go there instead.
      this.pg.setMessageContent(this.pg.draft.conversation.messages.length - 1, results);
      turn = await this.pg.send();
    }
    this.tool = null;
    if (this.demo !== demo) return;
    this.state = turn?.status === "complete" ? (this.nextQuestion === null ? "done" : "ready") : "stopped";
  }

  /** After a failed or stopped question: the player can go on from the next one. */
  resume(): void {
    if (this.state === "stopped") this.state = this.nextQuestion === null ? "done" : "ready";
  }

  end(): void {
    this.demo = null;
    this.asked = 0;
    this.state = "idle";
    this.tool = null;
  }

  async importFile(text: string): Promise<DemoEntry | null> {
    try {
      const entry = await call("demo_import", { json: text });
      await this.load();
      return entry;
    } catch (error) {
      this.error = asOutcropError(error, "demo_import");
      return null;
    }
  }

  /** Records the playground's open session as a demo, titled `title`, in `lang`. */
  async record(title: string, lang: string): Promise<DemoEntry | null> {
    const session = this.pg.session;
    if (!session) return null;
    try {
      const entry = await call("demo_from_session", { sessionId: session.id, title, lang });
      await this.load();
      return entry;
    } catch (error) {
      this.error = asOutcropError(error, "demo_from_session");
      return null;
    }
  }

  /** Saves a demo as a file in the exports folder; its path. */
  async save(id: string): Promise<string | null> {
    try {
      return await call("demo_save_to_downloads", { id });
    } catch (error) {
      this.error = asOutcropError(error, "demo_save_to_downloads");
      return null;
    }
  }

  async remove(id: string): Promise<void> {
    try {
      await call("demo_delete", { id });
      if (this.demo?.id === id) this.end();
      await this.load();
    } catch (error) {
      this.error = asOutcropError(error, "demo_delete");
    }
  }
}

export const player = new DemoPlayer();
