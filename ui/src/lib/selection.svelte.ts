// What the person picked on one page for use on another: the model or profile ID "Use in playground" chose.
class Selection {
  /** A model ID, a system profile ID or an application profile ARN; null when nothing was chosen. */
  modelId = $state<string | null>(null);

  reset(): void {
    this.modelId = null;
  }
}

export const selection = new Selection();
