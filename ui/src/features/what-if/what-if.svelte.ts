// The What-if page's state: the inputs as typed (text, so a bad one is kept while its rule is shown), the
// models to choose from, the figures the playground session gave, and Rust's answer. Every change is worked out
// again a moment later; an answer to an older change is dropped.
import { asOutcropError, call, type OutcropError } from "../../lib/ipc";
import type { FieldError, ServiceTier, Spread, WhatIf, WhatIfInput, WhatIfModel, WhatIfPrefill } from "../../lib/ipc/bindings";
import { openSession } from "../../lib/open-session.svelte";

/** How long the inputs must be still before they are worked out (ms). */
export const COMPUTE_DELAY_MS = 200;

/** The routes offered: the global profile, each geography's profiles, the in-Region ID (""). */
export const ROUTES = ["global", "us", "eu", "apac", "jp", "au", ""] as const;
export const TIERS: readonly ServiceTier[] = ["default", "priority", "flex", "reserved"];
export type SpreadKind = Spread["kind"];
export const SPREADS: readonly SpreadKind[] = ["steady", "bursts", "officeHours"];

/** The inputs as the form holds them. */
export interface Form {
  modelId: string;
  route: string;
  tier: ServiceTier;
  prefixTokens: string;
  questionTokens: string;
  answerTokens: string;
  requestsPerHour: string;
  spread: SpreadKind;
  burstSize: string;
}

/** A typed number, or null for a blank box (Rust says which rule a blank breaks). */
function number(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === "" ? null : Number(trimmed);
}

function text(value: number | null): string {
  return value === null ? "" : String(value);
}

export function formOf(input: WhatIfInput): Form {
  return {
    modelId: input.modelId,
    route: input.geography ?? "",
    tier: input.tier,
    prefixTokens: text(input.prefixTokens),
    questionTokens: text(input.questionTokens),
    answerTokens: text(input.answerTokens),
    requestsPerHour: text(input.requestsPerHour),
    spread: input.spread.kind,
    burstSize: input.spread.kind === "bursts" ? text(input.spread.size) : "10",
  };
}

export function inputOf(form: Form): WhatIfInput {
  const spread: Spread = form.spread === "bursts" ? { kind: "bursts", size: number(form.burstSize) } : { kind: form.spread };
  return {
    modelId: form.modelId,
    geography: form.route === "" ? null : form.route,
    tier: form.tier,
    prefixTokens: number(form.prefixTokens),
    questionTokens: number(form.questionTokens),
    answerTokens: number(form.answerTokens),
    requestsPerHour: number(form.requestsPerHour),
    spread,
  };
}

type Timers = { setTimeout: (fn: () => void, ms: number) => unknown; clearTimeout: (handle: unknown) => void };
const defaultTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class WhatIfStore {
  form = $state<Form | null>(null);
  models = $state<WhatIfModel[]>([]);
  prefill = $state<WhatIfPrefill | null>(null);
  result = $state<WhatIf | null>(null);
  /** The rules the inputs break, by field. */
  fieldErrors = $state<FieldError[]>([]);
  /** A failure that is not a rule of an input. */
  error = $state<OutcropError | null>(null);
  computing = $state(false);

  private timer: unknown = null;
  private seq = 0;

  constructor(private readonly timers: Timers = defaultTimers) {}

  /**
   * Loads the models and works the inputs out: the open session's figures on the first visit, what the person
   * left in the form on a later one (back to the session's figures is one click).
   */
  async load(): Promise<void> {
    try {
      this.models = await call("what_if_models");
      if (!this.form) {
        this.prefill = await this.sessionFigures();
        this.form = formOf(this.prefill.input);
      }
      await this.compute();
    } catch (error) {
      this.error = asOutcropError(error, "what_if_prefill");
    }
  }

  /** The open playground session's figures; the latest session's when it is gone or none is open. */
  private async sessionFigures(): Promise<WhatIfPrefill> {
    try {
      return await call("what_if_prefill", { sessionId: openSession.id });
    } catch (error) {
      if (openSession.id === null || asOutcropError(error, "what_if_prefill").code !== "not_found") throw error;
      return call("what_if_prefill", { sessionId: null });
    }
  }

  /** Back to the session's figures. */
  async reset(): Promise<void> {
    this.prefill = await this.sessionFigures();
    this.form = formOf(this.prefill.input);
    await this.compute();
  }

  /** Call after an input changed: works it out again soon. */
  changed(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.compute();
    }, COMPUTE_DELAY_MS);
  }

  async compute(): Promise<void> {
    if (!this.form) return;
    const seq = ++this.seq;
    this.computing = true;
    try {
      const result = await call("what_if", { input: inputOf(this.form) });
      if (seq !== this.seq) return;
      this.result = result;
      this.fieldErrors = [];
      this.error = null;
    } catch (error) {
      if (seq !== this.seq) return;
      const failure = asOutcropError(error, "what_if");
      if (failure.code === "validation" && failure.fields.length > 0) {
        this.fieldErrors = [...failure.fields];
        this.error = null;
      } else {
        this.error = failure;
      }
    } finally {
      if (seq === this.seq) this.computing = false;
    }
  }

  /** The rule `field` breaks, if any. */
  fieldError(field: string): FieldError | undefined {
    return this.fieldErrors.find((error) => error.field === field);
  }
}

export const whatIf = new WhatIfStore();
