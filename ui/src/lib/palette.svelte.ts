// The command palette's registry. Any part of the app registers commands (and unregisters them when it goes
// away); Ctrl/Cmd+K opens the palette (App.svelte), which lists them filtered by what the person types.
import { tick } from "svelte";

export interface CommandSpec {
  /** What the palette shows; a function so it follows the language. */
  label: () => string;
  run: () => void;
  /** More words the command is found by (not shown). */
  keywords?: string;
  /** The command's own key combination, shown next to it ("Ctrl+1"). */
  shortcut?: string;
}

export interface Command extends CommandSpec {
  id: string;
}

class Palette {
  /** Every registered command, in registration order. */
  commands = $state.raw<Command[]>([]);
  open = $state(false);
  /** Where the focus was when the palette opened: it goes back there when the palette closes. */
  returnFocus: HTMLElement | null = null;

  /** Adds a command (replacing one with the same id). Returns the function that removes it again. */
  register(id: string, spec: CommandSpec): () => void {
    const command: Command = { id, ...spec };
    const index = this.commands.findIndex((c) => c.id === id);
    this.commands =
      index >= 0 ? this.commands.map((c, i) => (i === index ? command : c)) : [...this.commands, command];
    return () => {
      // Only the registration this call made: a later one under the same id stays.
      if (this.commands.includes(command)) this.commands = this.commands.filter((c) => c !== command);
    };
  }
}

export const palette = new Palette();

export function openPalette(): void {
  if (palette.open) return;
  const active = typeof document === "undefined" ? null : document.activeElement;
  palette.returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
  palette.open = true;
}

/** Closes the palette and, once the page is interactive again, puts the focus back where it was. */
export async function closePalette(): Promise<void> {
  if (!palette.open) return;
  palette.open = false;
  const target = palette.returnFocus;
  palette.returnFocus = null;
  await tick();
  if (target?.isConnected) target.focus();
}

export function togglePalette(): void {
  if (palette.open) void closePalette();
  else openPalette();
}

/** Closes the palette, then runs the command (which may move the focus itself, e.g. to a new page). */
export async function runCommand(command: Pick<Command, "run">): Promise<void> {
  await closePalette();
  command.run();
}

/** How well `query` (lower case, trimmed, not empty) matches `text` (lower case); null when it does not. */
function score(query: string, text: string): number | null {
  if (text === "") return null;
  if (text.startsWith(query)) return 100;
  const at = text.indexOf(query);
  if (at >= 0) {
    // The start of a word ranks above the middle of one.
    const before = text.charAt(at - 1);
    return /[\s\-_/.:()&]/.test(before) ? 80 : 60;
  }
  // Fuzzy: every character of the query, in order. Tighter matches rank higher.
  let from = 0;
  let first = -1;
  for (const char of query) {
    if (char === " ") continue;
    const found = text.indexOf(char, from);
    if (found < 0) return null;
    if (first < 0) first = found;
    from = found + 1;
  }
  const span = from - first;
  return 10 + Math.max(0, 20 - (span - query.replace(/\s/g, "").length));
}

/**
 * The commands that match `query`, best first: in the label a prefix, a word start, a substring; then in the
 * keywords a word start, a substring; then all of several words anywhere; then a fuzzy match of the label (the
 * query's characters in order, tighter first). Ties keep registration order.
 * Case is ignored; an empty query lists every command.
 */
export function filterCommands<T extends Pick<CommandSpec, "label" | "keywords">>(
  query: string,
  commands: readonly T[],
): T[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, " ");
  if (q === "") return [...commands];
  const ranked: { command: T; score: number; index: number }[] = [];
  commands.forEach((command, index) => {
    const label = command.label().toLowerCase();
    const keywords = (command.keywords ?? "").toLowerCase();
    let best = score(q, label) ?? -1;
    // Keywords rank below any direct label match, and only by substring: a fuzzy match over a list of words
    // would find almost anything.
    const inKeywords = score(q, keywords);
    if (inKeywords !== null && inKeywords >= 60) best = Math.max(best, inKeywords >= 80 ? 50 : 45);
    // Several words: each found somewhere, in the label or the keywords, in any order.
    const words = q.split(" ");
    if (words.length > 1 && words.every((w) => label.includes(w) || keywords.includes(w))) best = Math.max(best, 40);
    if (best >= 0) ranked.push({ command, score: best, index });
  });
  ranked.sort((a, b) => b.score - a.score || a.index - b.index);
  return ranked.map((r) => r.command);
}
