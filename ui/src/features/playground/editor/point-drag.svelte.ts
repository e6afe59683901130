// The cache point being dragged (mouse only; the keyboard moves points with Alt+Arrow keys), shared by the
// marker that started the drag and the gaps it may be dropped on.
import type { PointSlot } from "../playground.svelte";

class PointDrag {
  slot = $state<PointSlot | null>(null);
}

export const pointDrag = new PointDrag();
