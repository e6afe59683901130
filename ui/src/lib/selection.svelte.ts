// What the person picked on one page for use on another: the model or profile ID "Use in playground" chose, or
// that the Playground should open ready to send.
class Selection {
  /** A model ID, a system profile ID or an application profile ARN; null when nothing was chosen. */
  modelId = $state<string | null>(null);
  /**
   * Set by "Start with Local Bedrock": the Playground should open ready to send, so a session without a model
   * gets the Playground's default one.
   */
  readyToSend = $state(false);

  reset(): void {
    this.modelId = null;
    this.readyToSend = false;
  }
}

export const selection = new Selection();
