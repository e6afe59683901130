// One floor line's probe: what it will send (asked of Rust before anything is sent), the confirmed run with
// its progress over a Channel, Stop, the result, and deleting a measurement. Rust keeps the result; the view
// that shows the floor reloads its facts through `onchanged`.
import { Channel } from "@tauri-apps/api/core";
import { asOutcropError, call, type OutcropError } from "../ipc";
import type { FloorProbeEvent, FloorProbePlan, FloorProbeReport, MeasuredFloor } from "../ipc/bindings";

export type ProbePhase = "closed" | "planning" | "confirm" | "running" | "done";

export class FloorProbeStore {
  phase = $state<ProbePhase>("closed");
  modelChoice = $state("");
  plan = $state<FloorProbePlan | null>(null);
  events = $state<FloorProbeEvent[]>([]);
  report = $state<FloorProbeReport | null>(null);
  error = $state<OutcropError | null>(null);
  stopping = $state(false);
  forgetting = $state(false);
  forgotten = $state(false);

  /** Requests made so far in the running (or last) probe. */
  readonly requests = $derived(this.events.filter((e) => e.event === "request").length);

  constructor(private readonly onchanged: () => void = () => {}) {}

  /** Opens the confirmation: asks Rust what a probe of `modelChoice` sends and costs at most. */
  async open(modelChoice: string): Promise<void> {
    this.modelChoice = modelChoice;
    this.phase = "planning";
    this.plan = null;
    this.report = null;
    this.error = null;
    this.events = [];
    this.forgotten = false;
    try {
      this.plan = await call("floor_probe_plan", { modelChoice });
      this.phase = "confirm";
    } catch (error) {
      this.error = asOutcropError(error, "floor_probe_plan");
      this.phase = "done";
    }
  }

  /** Runs the confirmed probe; resolves when it ends (measured, above every candidate, stopped or failed). */
  async run(): Promise<FloorProbeReport | null> {
    if (this.phase === "running") return null;
    this.phase = "running";
    this.events = [];
    this.report = null;
    this.error = null;
    this.stopping = false;
    const channel = new Channel<FloorProbeEvent>();
    channel.onmessage = (event) => {
      this.events = [...this.events, event];
    };
    try {
      this.report = await call("floor_probe_run", { modelChoice: this.modelChoice, onEvent: channel });
      if (this.report.status === "measured") this.onchanged();
      return this.report;
    } catch (error) {
      this.error = asOutcropError(error, "floor_probe_run");
      return null;
    } finally {
      this.phase = "done";
      this.stopping = false;
    }
  }

  async stop(): Promise<void> {
    if (this.phase !== "running") return;
    this.stopping = true;
    try {
      await call("floor_probe_stop");
    } catch (error) {
      this.error = asOutcropError(error, "floor_probe_stop");
      this.stopping = false;
    }
  }

  close(): void {
    if (this.phase === "running") return;
    this.phase = "closed";
  }

  /** Deletes the kept measurement `measured` (found among the stored probes by its route). */
  async forget(measured: MeasuredFloor): Promise<void> {
    this.forgetting = true;
    this.error = null;
    try {
      const kept = await call("floor_probes_list");
      const match = kept.filter(
        (p) =>
          p.floor.modelId === measured.modelId &&
          p.floor.invokedId === measured.invokedId &&
          p.floor.region === measured.region,
      );
      for (const probe of match) await call("floor_probe_delete", { id: probe.id });
      this.forgotten = true;
      this.onchanged();
    } catch (error) {
      this.error = asOutcropError(error, "floor_probe_delete");
    } finally {
      this.forgetting = false;
    }
  }
}
