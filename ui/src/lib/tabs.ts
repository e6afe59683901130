// Moving between the tabs of a tab list with the keyboard, as WAI-ARIA's tabs pattern has it: the arrows step
// (wrapping round), Home and End go to the first and the last.

/** The index of the tab a key moves to from `index` among `count` tabs, or null when the key moves nothing. */
export function tabAfterKey(key: string, index: number, count: number): number | null {
  switch (key) {
    case "ArrowRight":
      return (index + 1) % count;
    case "ArrowLeft":
      return (index - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
