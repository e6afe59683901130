// A form that Rust checks as the person types (the connection form, the profile forms). It holds what every such
// form needs once: the rules the last check found, which fields have been left (`touched`), whether every rule
// is shown (after a submit attempt), the error a field shows, focusing the first field in error, the submit that
// checks what is typed now before acting, and Enter and Escape. The form keeps its fields and its markup.
import { tick, untrack } from "svelte";
import { asOutcropError, fieldErrorsOf, type CommandName, type OutcropError } from "./ipc";
import type { FieldError } from "./ipc/bindings";
import { describeFieldError } from "./rules";
import { LIVE_CHECK_DELAY_MS, LiveCheck } from "./live-check";

/**
 * Whether a field's error is shown: after a submit attempt, once the person has left the field, or once it holds
 * something (when the form shows errors of filled fields at once). An empty field not yet reached is not an error yet.
 */
export function errorShown(field: { showAll: boolean; touched: boolean; filled?: boolean }): boolean {
  return field.showAll || field.touched || field.filled === true;
}

export interface LiveFormOptions<T, F extends string> {
  /** The fields the form shows; rules about any other field are listed together (`otherErrors`). */
  fields: readonly F[];
  /** Checks a snapshot; `isCurrent` says whether it is still the latest (guard any other result it keeps). */
  check: (snapshot: T, isCurrent: () => boolean) => Promise<FieldError[]>;
  /** The commands behind the check and the submit, named in an error that has no code of its own. */
  checkCommand: CommandName;
  submitCommand: CommandName;
  /** Rules about one field that depend on another: shown once that other field has been left. */
  shownWith?: Partial<Record<F, readonly F[]>>;
  /** Whether a field holds something, for forms that show its rule then, touched or not. */
  filled?: (field: F) => boolean;
  /** Called after each check that is still current. */
  onchecked?: () => void;
  delayMs?: number;
}

export class LiveForm<T, F extends string> {
  /** The rules the last check (or a refused submit) found. */
  errors = $state<FieldError[]>([]);
  checkedOnce = $state(false);
  /** Why the last check could not run; the form still submits (Rust checks again then). */
  checkError = $state<OutcropError | null>(null);
  touched = $state<Partial<Record<F, boolean>>>({});
  /** Every rule is shown, touched or not: set by a submit attempt. */
  showAll = $state(false);
  submitting = $state(false);
  submitError = $state<OutcropError | null>(null);
  /** The form element (`bind:this`), where the first field in error is found. */
  element = $state<HTMLFormElement | undefined>();

  readonly #options: LiveFormOptions<T, F>;
  readonly #live: LiveCheck<T>;

  constructor(options: LiveFormOptions<T, F>) {
    this.#options = options;
    // The first check runs at once, so the form says what it needs without a wait.
    this.#live = new LiveCheck<T>((snapshot, seq) => this.#run(snapshot, seq), {
      delayMs: options.delayMs ?? LIVE_CHECK_DELAY_MS,
      immediate: () => !untrack(() => this.checkedOnce),
    });
  }

  /** Checks `snapshot` after the delay; returns the cleanup for `$effect`. */
  schedule(snapshot: T): () => void {
    return this.#live.schedule(snapshot);
  }

  async #run(snapshot: T, seq: number): Promise<void> {
    const isCurrent = () => this.#live.isCurrent(seq);
    try {
      const found = await this.#options.check(snapshot, isCurrent);
      if (!isCurrent()) return;
      this.errors = found;
      this.checkError = null;
    } catch (error) {
      if (!isCurrent()) return;
      // Rust checks again on submit; a failed check must not lock the form.
      this.errors = [];
      this.checkError = asOutcropError(error, this.#options.checkCommand);
    }
    this.checkedOnce = true;
    this.#options.onchecked?.();
  }

  /** Back to a fresh form (the same form opened again). */
  reset(): void {
    this.errors = [];
    this.checkError = null;
    this.touched = {};
    this.showAll = false;
    this.submitError = null;
  }

  isField(field: string): field is F {
    return (this.#options.fields as readonly string[]).includes(field);
  }

  touch(field: F): void {
    if (!this.touched[field]) this.touched[field] = true;
  }

  errorFor(field: F): FieldError | undefined {
    return this.errors.find((e) => e.field === field);
  }

  isShown(field: F): boolean {
    const touched = this.touched[field] === true || (this.#options.shownWith?.[field] ?? []).some((f) => this.touched[f] === true);
    return errorShown({ showAll: this.showAll, touched, filled: this.#options.filled?.(field) });
  }

  /** The message under a field: its rule, once it is shown. */
  visibleError(field: F): string | null {
    const error = this.isShown(field) ? this.errorFor(field) : undefined;
    return error ? describeFieldError(error) : null;
  }

  /** Rules about fields the form does not show (should Rust add one). */
  get otherErrors(): FieldError[] {
    return this.errors.filter((e) => !this.isField(e.field));
  }

  /** The fields with a rule broken that is not shown yet. */
  get hiddenFields(): F[] {
    return this.errors.flatMap((e) => (this.isField(e.field) && !this.isShown(e.field) ? [e.field] : []));
  }

  /**
   * Checks what is typed now (a check still waiting runs at once, so a click right after a keystroke acts on it),
   * then acts — or, when a rule is broken or `blocked` says something is missing, shows every rule and focuses the
   * first field in error (or runs `focusMissing` when no field is marked). A `validation` failure of the act puts
   * its field errors on the form.
   */
  async submit(
    act: () => Promise<void>,
    options: { blocked?: () => boolean; focusMissing?: (form: HTMLFormElement) => void } = {},
  ): Promise<void> {
    if (this.submitting) return;
    await this.#live.flush();
    if (this.errors.length > 0 || options.blocked?.() === true) {
      this.showAll = true;
      await this.focusFirstError(options.focusMissing);
      return;
    }
    this.submitting = true;
    this.submitError = null;
    try {
      await act();
    } catch (error) {
      const failure = asOutcropError(error, this.#options.submitCommand);
      this.submitError = failure;
      const fieldErrors = fieldErrorsOf(failure);
      if (fieldErrors.length > 0) {
        this.errors = fieldErrors;
        this.showAll = true;
      }
    } finally {
      this.submitting = false;
    }
  }

  /** Focuses the first field marked invalid; `otherwise` runs when none is (a field that is only missing). */
  async focusFirstError(otherwise?: (form: HTMLFormElement) => void): Promise<void> {
    await tick();
    const form = this.element;
    if (!form) return;
    const invalid = form.querySelector<HTMLElement>("[aria-invalid='true']");
    if (invalid) invalid.focus();
    else otherwise?.(form);
  }

  /**
   * The form's keys, delegated from its fields: Escape closes it; Enter in a text field submits, also while the
   * submit button looks unavailable (then the form shows what is missing).
   */
  keydown(event: KeyboardEvent, actions: { close: () => void; submit: () => void }): void {
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      actions.close();
      return;
    }
    if (event.key === "Enter" && event.target instanceof HTMLInputElement && !event.isComposing) {
      event.preventDefault();
      actions.submit();
    }
  }
}
