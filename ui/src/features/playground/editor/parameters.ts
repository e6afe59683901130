// What the parameters panel may offer for a model: which controls are disabled, and why, from the model's facts
// and the thinking setting. Rust refuses the same combinations before sending (by rule); this keeps a person from
// typing into a control that could only be refused.
import { t } from "../../../lib/i18n/index.svelte";
import type { InferenceParams, ParameterFacts, SamplingParam, ThinkingMode } from "../../../lib/ipc/bindings";

export interface Control {
  disabled: boolean;
  /** Why the control is disabled, or the limit it is under; `null` when nothing needs saying. */
  reason: string | null;
}

export interface Controls {
  temperature: Control;
  topP: Control;
  topK: Control;
  thinking: Record<ThinkingMode, Control>;
}

const R = "rules";

const value = (p: InferenceParams, param: SamplingParam): number | undefined =>
  param === "temperature" ? p.temperature : param === "topP" ? p.topP : p.topK;

/**
 * The state of every control. A control already holding a value stays enabled so it can be cleared (the plan's
 * problem says why it must be).
 */
export function controls(facts: ParameterFacts | null, p: InferenceParams, model: string): Controls {
  const thinking = p.thinking !== undefined;
  const sampling = (param: SamplingParam): Control => {
    const set = value(p, param) !== undefined;
    if (facts?.refused.includes(param)) {
      return { disabled: !set, reason: t(`${R}.parameterRefused`, { model, param: t(`${R}.paramNames.${param}`) }) };
    }
    if (thinking && param !== "topP") {
      return { disabled: !set, reason: t(`${R}.samplingWithThinking`, { param: t(`${R}.paramNames.${param}`) }) };
    }
    if (facts?.temperatureOrTopP && param !== "topK") {
      const other: SamplingParam = param === "temperature" ? "topP" : "temperature";
      const otherSet = value(p, other) !== undefined;
      return {
        disabled: otherSet && !set,
        reason: otherSet || set ? t(`${R}.temperatureOrTopP`, { model }) : null,
      };
    }
    return { disabled: false, reason: null };
  };
  const mode = (m: ThinkingMode): Control => {
    if (!facts || facts.thinking.includes(m)) return { disabled: false, reason: null };
    const offered = facts.thinking;
    return {
      disabled: p.thinking === undefined || (p.thinking.type === "adaptive") !== (m === "adaptive"),
      reason:
        offered.length === 0
          ? t(`${R}.thinkingNotOfferedAtAll`, { model })
          : t(`${R}.thinkingNotOffered`, {
              model,
              mode: t(`${R}.thinkingModes.${m}`),
              offered: offered.map((o) => t(`${R}.thinkingModes.${o}`)).join(", "),
            }),
    };
  };
  return {
    temperature: sampling("temperature"),
    topP: sampling("topP"),
    topK: sampling("topK"),
    thinking: { budget: mode("budget"), adaptive: mode("adaptive") },
  };
}

/** A number typed into a field: `undefined` when empty (the model's default), `NaN` kept out. */
export function typedNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

/** Stop sequences as typed, one per line (blank lines dropped, the rest kept as they are). */
export function stopSequences(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

/** The one-line summary of what is set, for the collapsed panel ("max tokens 1,024 · temperature 0.7"). */
export function summary(p: InferenceParams, format: (n: number) => string): string[] {
  const K = "playground.editor.parameters";
  const parts: string[] = [];
  if (p.maxTokens !== undefined) parts.push(t(`${K}.summary.maxTokens`, { n: format(p.maxTokens) }));
  if (p.temperature !== undefined) parts.push(t(`${K}.summary.temperature`, { n: p.temperature }));
  if (p.topP !== undefined) parts.push(t(`${K}.summary.topP`, { n: p.topP }));
  if (p.topK !== undefined) parts.push(t(`${K}.summary.topK`, { n: p.topK }));
  if (p.stopSequences.length > 0) parts.push(t(`${K}.summary.stops`, { count: p.stopSequences.length }));
  if (p.thinking?.type === "enabled") parts.push(t(`${K}.summary.thinkingBudget`, { n: format(p.thinking.budgetTokens) }));
  if (p.thinking?.type === "adaptive") parts.push(t(`${K}.summary.thinkingAdaptive`));
  return parts;
}
