// The numbers behind the run charts, from a session's turns. Pure: no i18n, no colours, no Chart.js.
import type { TurnRecord } from "../../../lib/ipc/bindings";

export interface ChartSeries {
  /** One per turn, in order: the turn's number (its `seq`). */
  turns: number[];
  /** Tokens per turn; `null` where the turn reported no usage (a gap in the bars, the turn still listed). */
  uncached: (number | null)[];
  written: (number | null)[];
  read: (number | null)[];
  output: (number | null)[];
  /** Running totals in USD. A turn without a cost adds nothing (the line stays level there). */
  costWithCache: number[];
  costWithoutCache: number[];
}

export function chartSeries(turns: readonly TurnRecord[]): ChartSeries {
  const series: ChartSeries = {
    turns: [],
    uncached: [],
    written: [],
    read: [],
    output: [],
    costWithCache: [],
    costWithoutCache: [],
  };
  let withCache = 0;
  let withoutCache = 0;
  for (const turn of turns) {
    // A cancelled turn's usage and cost are not known (Bedrock may bill its input): it is no point of a series.
    if (turn.status === "cancelled") continue;
    series.turns.push(turn.seq);
    const usage = turn.usage;
    series.uncached.push(usage ? usage.inputTokens : null);
    series.written.push(usage ? usage.cacheWrite5mTokens + usage.cacheWrite1hTokens : null);
    series.read.push(usage ? usage.cacheReadInputTokens : null);
    series.output.push(usage ? usage.outputTokens : null);
    if (turn.cost) {
      withCache += turn.cost.total;
      withoutCache += turn.cost.withoutCache;
    }
    series.costWithCache.push(withCache);
    series.costWithoutCache.push(withoutCache);
  }
  return series;
}
