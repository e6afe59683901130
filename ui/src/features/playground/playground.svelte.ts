// The playground's state: the session being edited, its draft (conversation, model, API), the cache plan of
// the draft as it stands, the turn streaming in, and the session list. Components read it and call its
// methods; every call to Rust goes through here.
import { asOutcropError, call, type OutcropError } from "../../lib/ipc";
import { openSession } from "../../lib/open-session.svelte";
import type {
  Api,
  CacheTtl,
  CodeFormat,
  ContentItem,
  CopiedCode,
  Conversation,
  Draft,
  FieldError,
  ImageFormat,
  Message,
  PlanView,
  Session,
  ServiceTier,
  SessionSummary,
  SystemItem,
  TokenCountReport,
  ToolItem,
  TurnEvent,
  TurnRecord,
} from "../../lib/ipc/bindings";
import { receivedSession } from "./sent-turns";
import { applyTurnEvent, liveTurn, nextFrame, streamTurn, type LiveTurn } from "./turn-stream";

/** How long the draft must be still before it is planned, counted and saved (ms). */
export const PLAN_DELAY_MS = 150;
export const COUNT_DELAY_MS = 900;
export const SAVE_DELAY_MS = 800;

export function emptyConversation(): Conversation {
  return {
    tools: [],
    system: [{ type: "text", text: "" }],
    messages: [{ role: "user", content: [{ type: "text", text: "" }] }],
    inference: { maxTokens: 1024, stopSequences: [] },
  };
}


/** Where a cache point can stand, as the editor names it. */
export type PointSlot =
  | { section: "tools"; after: number }
  | { section: "system"; after: number }
  | { section: "message"; message: number; after: number };

type Scheduler = {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  frame: (fn: () => void) => void;
  now: () => number;
};

const defaultScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  frame: nextFrame,
  now: () => Date.now(),
};

export class PlaygroundStore {
  /** The session being edited; null before one is opened or created. */
  session = $state<Session | null>(null);
  draft = $state<Draft>({ conversation: emptyConversation(), modelChoice: "", api: "converse" });

  plan = $state<PlanView | null>(null);
  planError = $state<OutcropError | null>(null);
  planning = $state(false);
  counts = $state<TokenCountReport | null>(null);
  countError = $state<OutcropError | null>(null);

  /** The turn streaming in (null when none is). Text deltas are applied once per animation frame. */
  live = $state<LiveTurn | null>(null);
  sendError = $state<OutcropError | null>(null);
  /** Stop was pressed during the turn being sent. */
  private stopPressed = false;
  /** The last turn that finished, until the session reloads. */
  lastTurn = $state<TurnRecord | null>(null);

  sessions = $state<SessionSummary[]>([]);
  sessionQuery = $state("");
  sessionsError = $state<OutcropError | null>(null);

  /** The clock the TTL countdown reads, kept in step with Rust's (ms since the epoch). */
  now = $state(Date.now());
  private clockOffset = 0;

  private planTimer: unknown = null;
  private expiryTimer: unknown = null;
  private countTimer: unknown = null;
  private saveTimer: unknown = null;
  /** The last draft save asked for (each waits for the one before). */
  private saving: Promise<void> = Promise.resolve();
  private planSeq = 0;

  constructor(private readonly scheduler: Scheduler = defaultScheduler) {}

  get sending(): boolean {
    return this.live !== null;
  }

  /** Problems that stop a send, from the plan (rules Bedrock would refuse) and from the store itself. */
  get sendBlockers(): string[] {
    const blockers: string[] = [];
    if (!this.session) blockers.push("session");
    if (!this.draft.modelChoice.trim()) blockers.push("model");
    for (const problem of this.plan?.problems ?? []) blockers.push(problem.field);
    return blockers;
  }

  /**
   * Where the next question is typed: the last message when it is the user's, and its last text block
   * (`item` -1 when it has none yet); `null` when the last message is not the user's.
   */
  get composerTarget(): { message: number; item: number; text: string } | null {
    const messages = this.draft.conversation.messages;
    const m = messages.length - 1;
    const last = messages[m];
    if (!last || last.role !== "user") return null;
    for (let i = last.content.length - 1; i >= 0; i--) {
      const item = last.content[i];
      if (item?.type === "text") return { message: m, item: i, text: item.text };
    }
    return { message: m, item: -1, text: "" };
  }

  /**
   * The plan's problems as the editor shows them. The empty question at the end is the composer waiting to be
   * typed in, not a mistake: it still keeps Send disabled, but no red note is put on it.
   */
  get shownProblems(): FieldError[] {
    const problems = this.plan?.problems ?? [];
    const target = this.composerTarget;
    if (!target || target.text.trim() !== "") return problems;
    // An empty text block, or (before one exists) a user message with nothing in it yet.
    const composer =
      target.item < 0 ? `messages[${target.message}].content` : `messages[${target.message}].content[${target.item}].text`;
    return problems.filter((problem) => problem.field !== composer);
  }

  // ---- sessions ----

  async loadSessions(query = this.sessionQuery): Promise<void> {
    this.sessionQuery = query;
    try {
      this.sessions = await call("sessions_list", { query });
      this.sessionsError = null;
    } catch (error) {
      this.sessionsError = asOutcropError(error, "sessions_list");
    }
  }

  /** Saves a pending edit now (before the session it belongs to is left). */
  private async flushSave(): Promise<void> {
    if (this.saveTimer === null) return;
    this.scheduler.clearTimeout(this.saveTimer);
    this.saveTimer = null;
    await this.saveDraft();
  }

  async newSession(title = "", modelChoice = this.draft.modelChoice): Promise<void> {
    await this.startSession(title, { conversation: emptyConversation(), modelChoice, api: this.draft.api });
  }

  /** Opens a new session that starts from `draft` (a demo's opening conversation, model and transport). */
  async startSession(title: string, draft: Draft): Promise<void> {
    await this.flushSave();
    this.adopt(receivedSession(await call("session_create", { title, draft, run: null })));
    await this.loadSessions();
  }

  async open(id: string): Promise<void> {
    await this.flushSave();
    this.adopt(receivedSession(await call("session_get", { id })));
  }

  /** Reloads the open session (turns, totals, cache countdown) from Rust. */
  async refresh(): Promise<void> {
    if (!this.session) return;
    const fresh = receivedSession(await call("session_get", { id: this.session.id }));
    this.session = fresh;
    this.syncClock(fresh.nowMs);
  }

  async rename(title: string): Promise<void> {
    if (!this.session) return;
    await call("session_rename", { id: this.session.id, title });
    this.session = { ...this.session, title: title.trim() };
    await this.loadSessions();
  }

  async remove(id: string): Promise<void> {
    await call("session_delete", { id });
    if (this.session?.id === id) this.session = null;
    if (openSession.id === id) openSession.id = null;
    await this.loadSessions();
  }

  /** Deletes every session of a Compare or bake-off run (closing the open one if it was among them). */
  async removeRun(runId: string): Promise<void> {
    await call("session_run_delete", { runId });
    if (this.session && this.sessions.some((s) => s.id === this.session?.id && s.run?.id === runId)) this.session = null;
    await this.loadSessions();
  }

  async exportSession(): Promise<string | null> {
    if (!this.session) return null;
    return call("session_export", { id: this.session.id });
  }

  async importSession(json: string): Promise<void> {
    await this.flushSave();
    this.adopt(receivedSession(await call("session_import", { json })));
    await this.loadSessions();
  }

  private adopt(session: Session): void {
    this.session = session;
    openSession.id = session.id;
    this.draft = structuredClone($state.snapshot(session.draft)) as Draft;
    this.lastTurn = null;
    this.sendError = null;
    this.syncClock(session.nowMs);
    this.changed({ save: false });
  }

  private syncClock(rustNow: number): void {
    this.clockOffset = rustNow - this.scheduler.now();
    this.now = rustNow;
  }

  /** Advances the countdown clock; the page calls it once a second. */
  tick(): void {
    this.now = this.scheduler.now() + this.clockOffset;
  }

  // ---- editing ----

  /** Call after any change to the draft: re-plans soon, recounts and saves a little later. */
  changed(options: { save?: boolean } = {}): void {
    const s = this.scheduler;
    // While a turn runs the draft is the request in flight; the turn saves it (with the answer) when it ends.
    if (this.sending) return;
    if (this.planTimer !== null) s.clearTimeout(this.planTimer);
    this.planTimer = s.setTimeout(() => {
      this.planTimer = null;
      void this.replan();
    }, PLAN_DELAY_MS);
    if (this.countTimer !== null) s.clearTimeout(this.countTimer);
    this.countTimer = s.setTimeout(() => {
      this.countTimer = null;
      void this.countTokens();
    }, COUNT_DELAY_MS);
    if (options.save !== false && this.session) {
      if (this.saveTimer !== null) s.clearTimeout(this.saveTimer);
      this.saveTimer = s.setTimeout(() => {
        this.saveTimer = null;
        void this.saveDraft();
      }, SAVE_DELAY_MS);
    }
  }

  private planRequest() {
    return {
      sessionId: this.session?.id,
      conversation: $state.snapshot(this.draft.conversation) as Conversation,
      modelChoice: this.draft.modelChoice,
      api: this.draft.api,
    };
  }

  async replan(): Promise<void> {
    if (!this.draft.modelChoice.trim()) {
      this.plan = null;
      this.planError = null;
      return;
    }
    const seq = ++this.planSeq;
    this.planning = true;
    try {
      const plan = await call("playground_plan", { request: this.planRequest() });
      if (seq !== this.planSeq) return; // a newer edit is being planned
      this.plan = plan;
      this.planError = null;
      this.syncClock(plan.nowMs);
      this.replanAtExpiry(plan);
    } catch (error) {
      if (seq === this.planSeq) this.planError = asOutcropError(error, "playground_plan");
    } finally {
      if (seq === this.planSeq) this.planning = false;
    }
  }

  /** When a cached prefix expires, the prediction changes (a read becomes a write): plan again then. */
  private replanAtExpiry(plan: PlanView): void {
    if (this.expiryTimer !== null) this.scheduler.clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    const next = Math.min(...plan.cache.map((entry) => entry.expiresAtMs));
    if (!Number.isFinite(next)) return;
    this.expiryTimer = this.scheduler.setTimeout(() => {
      this.expiryTimer = null;
      void this.replan();
    }, Math.max(0, next - plan.nowMs) + 250);
  }

  async countTokens(): Promise<void> {
    if (!this.draft.modelChoice.trim()) return;
    try {
      const counts = await call("playground_count_tokens", { request: this.planRequest() });
      // A newer count (a later edit) stopped this one: that one's answer is the one to show.
      if (counts?.superseded) return;
      this.counts = counts;
      this.countError = null;
      await this.replan();
    } catch (error) {
      this.countError = asOutcropError(error, "playground_count_tokens");
    }
  }

  /**
   * Saves the draft as it is now. Saves go one after another: commands run off the window's thread, so two in
   * flight could land in either order, and a slow older save must never overwrite a newer one.
   */
  saveDraft(): Promise<void> {
    if (!this.session) return Promise.resolve();
    const id = this.session.id;
    const draft = $state.snapshot(this.draft) as Draft;
    const save = this.saving.then(() => this.writeDraft(id, draft));
    this.saving = save;
    return save;
  }

  private async writeDraft(id: string, draft: Draft): Promise<void> {
    try {
      const title = await call("session_save_draft", { id, draft });
      // The title follows the first question until the first send: keep the open session and its line current,
      // as the model the line shows.
      if (this.session?.id === id && this.session.title !== title) this.session.title = title;
      const line = this.sessions.find((s) => s.id === id);
      if (line && line.title !== title) line.title = title;
      if (line && line.modelChoice !== this.draft.modelChoice) line.modelChoice = this.draft.modelChoice;
    } catch (error) {
      this.sendError = asOutcropError(error, "session_save_draft");
    }
  }

  setModel(modelChoice: string): void {
    this.draft.modelChoice = modelChoice;
    this.changed();
  }

  setApi(api: Api): void {
    this.draft.api = api;
    this.changed();
  }

  /** The service tier to ask for; `null` sends none (the service's default). */
  setServiceTier(tier: ServiceTier | null): void {
    if (tier === null) delete this.draft.conversation.serviceTier;
    else this.draft.conversation.serviceTier = tier;
    this.changed();
  }

  /** The Bedrock project to send under; `null` (or `default`) sends under the account's default project. */
  setProject(project: string | null): void {
    if (project === null || project === "" || project === "default") delete this.draft.conversation.project;
    else this.draft.conversation.project = project;
    this.changed();
  }

  /** Automatic cache placement (the Messages API's top-level cache_control) with `ttl`; `null` turns it off. */
  setAutomaticCache(ttl: CacheTtl | null): void {
    if (ttl === null) delete this.draft.conversation.automaticCache;
    else this.draft.conversation.automaticCache = ttl;
    this.changed();
  }

  setSystemText(item: number, text: string): void {
    const entry = this.draft.conversation.system[item];
    if (entry?.type === "text") entry.text = text;
    this.changed();
  }

  addSystemBlock(): void {
    this.draft.conversation.system.push({ type: "text", text: "" });
    this.changed();
  }

  setContent(message: number, item: number, content: ContentItem): void {
    const m = this.draft.conversation.messages[message];
    if (!m) return;
    m.content[item] = content;
    this.changed();
  }

  addContent(message: number, content: ContentItem): void {
    this.draft.conversation.messages[message]?.content.push(content);
    this.changed();
  }

  removeContent(message: number, item: number): void {
    const m = this.draft.conversation.messages[message];
    if (!m) return;
    m.content.splice(item, 1);
    this.changed();
  }

  addMessage(role: Message["role"], text = ""): void {
    this.draft.conversation.messages.push({ role, content: [{ type: "text", text }] });
    this.changed();
  }

  removeMessage(message: number): void {
    this.draft.conversation.messages.splice(message, 1);
    this.changed();
  }

  /** Adds a text document (dropped in or opened from disk) to a message, before its last text block. */
  addDocument(message: number, fileName: string, text: string): void {
    const m = this.draft.conversation.messages[message];
    if (!m) return;
    const lower = fileName.toLowerCase();
    const format = lower.endsWith(".md")
      ? "md"
      : lower.endsWith(".csv")
        ? "csv"
        : lower.endsWith(".html") || lower.endsWith(".htm")
          ? "html"
          : "txt";
    const name = documentName(fileName);
    const at = m.content.at(-1)?.type === "text" ? m.content.length - 1 : m.content.length;
    m.content.splice(at, 0, { type: "document", name, format, text });
    this.changed();
  }

  /** Adds an image (dropped, pasted or opened) to a user message, before its last text block. */
  addImage(message: number, fileName: string, format: ImageFormat, data: string): void {
    const m = this.draft.conversation.messages[message];
    if (!m || m.role !== "user") return;
    const name = fileName.replace(/\.[^.]*$/, "") || "image";
    const at = m.content.at(-1)?.type === "text" ? m.content.length - 1 : m.content.length;
    m.content.splice(at, 0, { type: "image", name, format, data });
    this.changed();
  }

  /** Puts `text` where the next question is typed: the last user message's text, or a new user message. */
  setQuestion(text: string): void {
    const target = this.composerTarget;
    if (!target) this.addMessage("user", text);
    else if (target.item < 0) this.addContent(target.message, { type: "text", text });
    else this.setContent(target.message, target.item, { type: "text", text });
  }

  /** Replaces the content of message `index` (tool results answering the model's calls). */
  setMessageContent(index: number, content: ContentItem[]): void {
    const m = this.draft.conversation.messages[index];
    if (!m) return;
    m.content = content;
    this.changed();
  }

  setTools(tools: ToolItem[]): void {
    this.draft.conversation.tools = tools;
    this.changed();
  }

  setSystem(system: SystemItem[]): void {
    this.draft.conversation.system = system;
    this.changed();
  }

  setInference(patch: Partial<Conversation["inference"]>): void {
    Object.assign(this.draft.conversation.inference, patch);
    this.changed();
  }

  /** Inserts a cache point at a slot (after `after` items of that list). */
  addCachePoint(slot: PointSlot, ttl: CacheTtl = "5m"): void {
    const point = { type: "cachePoint" as const, ttl };
    const c = this.draft.conversation;
    if (slot.section === "tools") c.tools.splice(slot.after, 0, point);
    else if (slot.section === "system") c.system.splice(slot.after, 0, point);
    else c.messages[slot.message]?.content.splice(slot.after, 0, point);
    this.changed();
  }

  /** Every cache point in request order (tools → system → messages), with where it stands. */
  get cachePoints(): { slot: PointSlot; index: number; ttl: CacheTtl }[] {
    const points: { slot: PointSlot; index: number; ttl: CacheTtl }[] = [];
    const c = this.draft.conversation;
    c.tools.forEach((t, i) => t.type === "cachePoint" && points.push({ slot: { section: "tools", after: i }, index: points.length, ttl: t.ttl }));
    c.system.forEach((s, i) => s.type === "cachePoint" && points.push({ slot: { section: "system", after: i }, index: points.length, ttl: s.ttl }));
    c.messages.forEach((m, mi) =>
      m.content.forEach(
        (x, i) => x.type === "cachePoint" && points.push({ slot: { section: "message", message: mi, after: i }, index: points.length, ttl: x.ttl }),
      ),
    );
    return points;
  }

  /** The item list a slot's section refers to. */
  private listOf(slot: PointSlot): (ToolItem | SystemItem | ContentItem)[] | undefined {
    const c = this.draft.conversation;
    if (slot.section === "tools") return c.tools;
    if (slot.section === "system") return c.system;
    return c.messages[slot.message]?.content;
  }

  /** Removes the cache point standing at `slot.after` in its list. */
  removeCachePoint(slot: PointSlot): void {
    const list = this.listOf(slot);
    if (list?.[slot.after]?.type === "cachePoint") list.splice(slot.after, 1);
    this.changed();
  }

  setCachePointTtl(slot: PointSlot, ttl: CacheTtl): void {
    const item = this.listOf(slot)?.[slot.after];
    if (item?.type === "cachePoint") item.ttl = ttl;
    this.changed();
  }

  /** Moves the cache point at `slot` one block earlier (-1) or later (+1), within its list. Returns its new slot. */
  moveCachePoint(slot: PointSlot, direction: -1 | 1): PointSlot {
    const list = this.listOf(slot);
    if (!list || list[slot.after]?.type !== "cachePoint") return slot;
    const to = slot.after + direction;
    if (to < 0 || to >= list.length) return slot;
    const [point] = list.splice(slot.after, 1);
    if (point) list.splice(to, 0, point);
    this.changed();
    return { ...slot, after: to };
  }

  // ---- sending ----

  /** Sends the draft as the next turn. Streams into `live`; the session reloads when it ends. */
  async send(): Promise<TurnRecord | null> {
    if (!this.session || this.sending) return null;
    const sessionId = this.session.id;
    const draft = $state.snapshot(this.draft) as Draft;
    // The turn saves this draft when it ends; a save still pending would race it.
    if (this.saveTimer !== null) {
      this.scheduler.clearTimeout(this.saveTimer);
      this.saveTimer = null;
    }
    this.sendError = null;
    this.lastTurn = null;
    this.stopPressed = false;
    this.live = liveTurn(sessionId, this.scheduler.now());
    const outcome = await streamTurn({
      sessionId,
      draft,
      frame: (fn) => this.scheduler.frame(fn),
      apply: (events) => this.apply(events),
      settled: ({ turn, error }) => {
        if (turn) this.lastTurn = turn;
        // Stopped before anything was sent (credentials or the catalogue still loading): nothing to report.
        if (error && !(this.stopPressed && !turn)) this.sendError = error;
        this.live = null;
      },
    });
    const fresh = outcome.session;
    if (fresh && this.session?.id === sessionId) {
      this.session = fresh;
      this.syncClock(fresh.nowMs);
      if (outcome.turn?.status === "complete") {
        // The engine appended the answer; the person continues from the saved draft.
        this.draft = structuredClone(fresh.draft) as Draft;
        this.addMessage("user");
      }
    }
    if (outcome.reloadError) this.sendError ??= outcome.reloadError;
    void this.loadSessions();
    return outcome.turn;
  }

  async stop(): Promise<void> {
    if (!this.live) return;
    this.stopPressed = true;
    await call("playground_cancel", { sessionId: this.live.sessionId });
  }

  /** Applies a frame's worth of streamed events to the live turn. */
  private apply(events: TurnEvent[]): void {
    const live = this.live;
    if (!live) return;
    for (const event of events) applyTurnEvent(live, event, () => this.scheduler.now());
    if (live.finished) this.lastTurn = live.finished;
  }

  /** The request as code: the one the last completed or failed turn sent, or before any send the next one. */
  async copyAsCode(format: CodeFormat): Promise<CopiedCode> {
    const request = { sessionId: this.session?.id, draft: $state.snapshot(this.draft) as Draft };
    return call("playground_copy_as_code", { request, format });
  }
}

/** A file name as a Converse document name: letters, digits, single spaces, hyphens, brackets. */
export function documentName(fileName: string): string {
  const stem = fileName.includes(".") ? fileName.slice(0, fileName.lastIndexOf(".")) : fileName;
  const cleaned = stem
    .replace(/[^\p{L}\p{N}\-()[\]]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned || "document";
}

export const playground = new PlaygroundStore();
