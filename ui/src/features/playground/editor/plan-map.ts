// Pure helpers that place what the plan says (lints, field problems, block tokens, cache points) on the editor
// that shows it. An editor is named by its field path, the same way Rust names fields in `plan.problems`:
// `tools[0]`, `system[2]`, `messages[1].content[0]`.
import type {
  BlockOrigin,
  Conversation,
  FieldError,
  LintFinding,
  PlanView,
  PointAction,
  PointPlan,
  PointProblem,
} from "../../../lib/ipc/bindings";
import type { PointSlot } from "../playground.svelte";

export type MarkSeverity = "error" | "warning" | "info";

/** A highlighted range of an editor. `from`/`to` are UTF-8 byte offsets in the editor's text (as Rust gives them). */
export interface EditorMark {
  from: number;
  to: number;
  message: string;
  severity: MarkSeverity;
}

function utf8Size(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/** The UTF-8 length of a string. */
export function byteLength(text: string): number {
  let bytes = 0;
  for (const ch of text) bytes += utf8Size(ch.codePointAt(0) ?? 0);
  return bytes;
}

/**
 * The string (UTF-16) index at a UTF-8 byte offset of `text`, clamped to the text. An offset inside a character
 * gives the index of that character's start.
 */
export function byteToIndex(text: string, byte: number): number {
  if (byte <= 0) return 0;
  let bytes = 0;
  let index = 0;
  for (const ch of text) {
    const size = utf8Size(ch.codePointAt(0) ?? 0);
    if (bytes + size > byte) return index;
    bytes += size;
    index += ch.length;
    if (bytes === byte) return index;
  }
  return text.length;
}

/** The UTF-8 byte offset of a string index. */
export function indexToByte(text: string, index: number): number {
  return byteLength(text.slice(0, Math.max(0, Math.min(index, text.length))));
}

// ---- paths ----

/** The field path of the item a plan block comes from. */
export function originPath(origin: BlockOrigin): string {
  if (origin.section === "tool") return `tools[${origin.item}]`;
  if (origin.section === "system") return `system[${origin.item}]`;
  return `messages[${origin.message}].content[${origin.item}]`;
}

/** The field path of the list item a slot names (the cache point standing there, or the item it precedes). */
export function slotPath(slot: PointSlot): string {
  if (slot.section === "tools") return `tools[${slot.after}]`;
  if (slot.section === "system") return `system[${slot.after}]`;
  return `messages[${slot.message}].content[${slot.after}]`;
}

/** A name for the list a slot belongs to: two slots can trade places only within one list. */
export function slotList(slot: PointSlot): string {
  return slot.section === "message" ? `messages[${slot.message}].content` : slot.section;
}

export function sameSlot(a: PointSlot, b: PointSlot): boolean {
  return slotPath(a) === slotPath(b);
}

// ---- lints ----

/** The plan's lint findings, grouped by the field path of the editor holding their text. */
export function lintsByPath(plan: PlanView | null): Map<string, LintFinding[]> {
  const map = new Map<string, LintFinding[]>();
  if (!plan) return map;
  for (const lint of plan.plan.lints) {
    const origin = plan.blocks[lint.block];
    if (!origin) continue;
    const path = originPath(origin);
    const list = map.get(path);
    if (list) list.push(lint);
    else map.set(path, [lint]);
  }
  return map;
}

/**
 * Where a lint's text stands in `value`, in byte offsets: at its offsets when the text is there (the editor shows
 * exactly the block's text), else at the first place the text occurs (the text changed since the plan, or the
 * block's text is built from several fields, as a tool's is). Null when the text is not in `value`.
 */
export function locateLint(lint: LintFinding, value: string): { from: number; to: number } | null {
  const from = byteToIndex(value, lint.start);
  const to = byteToIndex(value, lint.end);
  if (lint.text !== "" && value.slice(from, to) === lint.text) return { from: lint.start, to: lint.end };
  if (lint.text === "") return null;
  const at = value.indexOf(lint.text);
  if (at < 0) return null;
  const start = indexToByte(value, at);
  return { from: start, to: start + byteLength(lint.text) };
}

/** The marks an editor showing `value` gets for these findings (those whose text it holds). */
export function lintMarks(lints: readonly LintFinding[], value: string, describe: (lint: LintFinding) => string): EditorMark[] {
  const marks: EditorMark[] = [];
  for (const lint of lints) {
    const range = locateLint(lint, value);
    if (range) marks.push({ ...range, message: describe(lint), severity: "warning" });
  }
  return marks;
}

// ---- field problems ----

function under(field: string, path: string): boolean {
  return field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`);
}

/** Problems naming `path` or a field inside it. */
export function problemsAt(problems: readonly FieldError[], path: string): FieldError[] {
  return problems.filter((p) => under(p.field, path));
}

/** Problems naming exactly `path`. */
export function problemsExactly(problems: readonly FieldError[], path: string): FieldError[] {
  return problems.filter((p) => p.field === path);
}

/** Problems of a message itself (its role, its whole content), not of one of its content items. */
export function messageProblems(problems: readonly FieldError[], message: number): FieldError[] {
  const path = `messages[${message}]`;
  return problems.filter((p) => under(p.field, path) && !p.field.startsWith(`${path}.content[`));
}

/** Problems of one item, except the named sub-fields (shown next to those fields). */
export function itemProblems(problems: readonly FieldError[], path: string, shownElsewhere: readonly string[] = []): FieldError[] {
  return problemsAt(problems, path).filter((p) => !shownElsewhere.some((sub) => under(p.field, `${path}.${sub}`)));
}

/** Problems the conversation editor has no place for (model, inference settings, …): the page shows them. */
export function unplacedProblems(problems: readonly FieldError[]): FieldError[] {
  return problems.filter((p) => !/^(tools|system|messages|inference)(\[|\.|$)/.test(p.field));
}

/** Problems naming a whole section (`system`, `tools`, `messages`) rather than one of its items. */
export function sectionProblems(problems: readonly FieldError[], section: "tools" | "system" | "messages"): FieldError[] {
  return problems.filter((p) => p.field === section || (p.field.startsWith(`${section}.`) && !p.field.startsWith(`${section}[`)));
}

// ---- tokens ----

/** Tokens of the plan blocks an item produced (a document, a text block), or null without a plan. */
export function tokensAt(plan: PlanView | null, path: string): number | null {
  if (!plan) return null;
  let total = 0;
  let found = false;
  plan.blocks.forEach((origin, b) => {
    if (originPath(origin) === path) {
      total += plan.plan.blockTokens[b] ?? 0;
      found = true;
    }
  });
  return found ? total : null;
}

// ---- cache points ----

export type PointStatus =
  | { kind: "caches" }
  | { kind: "belowMinimum"; missingTokens: number; others: PointProblem[] }
  | { kind: "refused"; problems: PointProblem[] }
  | { kind: "unknown" };

/** Whether a point caches, is short of the minimum (and by how much), or is refused for another reason. */
export function pointStatus(point: PointPlan | undefined): PointStatus {
  if (!point) return { kind: "unknown" };
  const below = point.problems.find((p) => p.kind === "belowMinimum");
  const others = point.problems.filter((p) => p.kind !== "belowMinimum");
  if (below && below.kind === "belowMinimum") return { kind: "belowMinimum", missingTokens: below.missingTokens, others };
  if (others.length > 0) return { kind: "refused", problems: others };
  return point.caches ? { kind: "caches" } : { kind: "unknown" };
}

/** The plan's figures for the point with this index, when the plan has it. */
export function pointFacts(plan: PlanView | null, index: number): { point?: PointPlan; action?: PointAction } {
  if (!plan || index < 0) return {};
  return { point: plan.plan.points[index], action: plan.prediction.points[index] };
}

// ---- the ruler ----

export type RulerSection = "tools" | "system" | "message";

export interface RulerSegment {
  section: RulerSection;
  /** The message index, for message segments. */
  message: number | null;
  start: number;
  tokens: number;
}

export interface RulerTick {
  index: number;
  prefixTokens: number;
  caches: boolean;
  missingTokens: number | null;
}

export interface RulerModel {
  totalTokens: number;
  /** The extent the ruler draws: the total, or the minimum when the prompt is shorter. */
  scale: number;
  estimated: boolean;
  minTokens: number | null;
  /** Where the minimum comes from: a measurement here (with its date), the highest of claims that disagree, or
   * the one published figure. */
  minBasis: { kind: "measured"; on: string } | { kind: "highestClaim" } | { kind: "published" } | null;
  segments: RulerSegment[];
  ticks: RulerTick[];
}

function minBasis(plan: PlanView): RulerModel["minBasis"] {
  const caching = plan.caching;
  if (!caching) return null;
  if (caching.measured) return { kind: "measured", on: caching.measured.measuredOn };
  return new Set(caching.floorClaims.map((c) => c.tokens)).size > 1 ? { kind: "highestClaim" } : { kind: "published" };
}

/** The ruler of a plan: one segment per section (one per message), a tick per cache point, the minimum. */
export function rulerModel(plan: PlanView): RulerModel {
  const segments: RulerSegment[] = [];
  let position = 0;
  plan.plan.blockTokens.forEach((tokens, b) => {
    const origin = plan.blocks[b];
    const section: RulerSection = origin?.section === "tool" ? "tools" : origin?.section === "system" ? "system" : "message";
    const message = origin?.section === "message" ? origin.message : null;
    const last = segments.at(-1);
    if (last && last.section === section && last.message === message) last.tokens += tokens;
    else segments.push({ section, message, start: position, tokens });
    position += tokens;
  });
  const minTokens = plan.caching?.minTokens ?? plan.plan.points.find((p) => p.minTokens !== null)?.minTokens ?? null;
  const ticks = plan.plan.points.map((point) => {
    const status = pointStatus(point);
    return {
      index: point.index,
      prefixTokens: point.prefixTokens,
      caches: point.caches,
      missingTokens: status.kind === "belowMinimum" ? status.missingTokens : null,
    };
  });
  const totalTokens = plan.plan.totalTokens;
  return {
    totalTokens,
    scale: Math.max(totalTokens, position, minTokens ?? 0, 1),
    estimated: plan.plan.estimated,
    minTokens,
    minBasis: minBasis(plan),
    segments,
    ticks,
  };
}

/** A share of the ruler as a CSS percentage. */
export function percent(part: number, scale: number): string {
  const value = scale > 0 ? Math.max(0, Math.min(100, (part / scale) * 100)) : 0;
  return `${Number(value.toFixed(3))}%`;
}

// ---- the draft ----

type ListItem = Conversation["tools"][number] | Conversation["system"][number] | Conversation["messages"][number]["content"][number];

/** The list a slot belongs to (tools, system, or one message's content). */
export function listOf(conversation: Conversation, slot: PointSlot): readonly ListItem[] {
  if (slot.section === "tools") return conversation.tools;
  if (slot.section === "system") return conversation.system;
  return conversation.messages[slot.message]?.content ?? [];
}

/** The item standing at a slot, if any. */
export function itemAt(conversation: Conversation, slot: PointSlot): ListItem | undefined {
  return listOf(conversation, slot)[slot.after];
}
