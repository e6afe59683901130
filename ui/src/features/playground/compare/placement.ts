// Where each bake-off strategy puts its cache points: a mirror of `apply` in outcrop-core's bakeoff.rs, so
// "Use this placement" gives the draft exactly the points the bake-off measured.
import type { CacheTtl, ContentItem, Conversation, Placement, SystemItem, ToolItem } from "../../../lib/ipc/bindings";

/** Every placement, in the order the bake-off form lists them. */
export const PLACEMENTS: readonly Placement[] = ["noCache", "systemOnly", "systemAndTools", "systemAndLastUser", "perDocument"];

/** How many documents (the last ones) get a point of their own under `perDocument`. */
export const DOCUMENT_POINTS = 3;

/** A copy of the conversation without any cache point (items are copied, never shared). */
export function stripCachePoints(conversation: Conversation): Conversation {
  return {
    tools: conversation.tools.filter((t) => t.type !== "cachePoint").map((t) => ({ ...t })),
    system: conversation.system.filter((s) => s.type !== "cachePoint").map((s) => ({ ...s })),
    messages: conversation.messages.map((m) => ({
      role: m.role,
      content: m.content.filter((c) => c.type !== "cachePoint").map((c) => ({ ...c })),
    })),
    inference: { ...conversation.inference, stopSequences: [...conversation.inference.stopSequences] },
  };
}

/** The conversation with its cache points replaced by the placement's, all with `ttl`. Pure. */
export function applyPlacement(placement: Placement, conversation: Conversation, ttl: CacheTtl): Conversation {
  const out = stripCachePoints(conversation);
  const systemPoint = (): void => {
    if (out.system.length > 0) out.system.push({ type: "cachePoint", ttl } satisfies SystemItem);
  };
  switch (placement) {
    case "noCache":
      break;
    case "systemOnly":
      systemPoint();
      break;
    case "systemAndTools":
      if (out.tools.length > 0) out.tools.push({ type: "cachePoint", ttl } satisfies ToolItem);
      systemPoint();
      break;
    case "systemAndLastUser": {
      systemPoint();
      const last = [...out.messages].reverse().find((m) => m.role === "user");
      last?.content.push({ type: "cachePoint", ttl } satisfies ContentItem);
      break;
    }
    case "perDocument": {
      systemPoint();
      const documents: [number, number][] = [];
      out.messages.forEach((m, mi) =>
        m.content.forEach((c, i) => {
          if (c.type === "document") documents.push([mi, i]);
        }),
      );
      // At most four points in all: the system's and the last three documents'. Inserted back to front so the
      // indexes found above stay right.
      for (const [m, i] of documents.slice(-DOCUMENT_POINTS).reverse()) {
        out.messages[m]?.content.splice(i + 1, 0, { type: "cachePoint", ttl });
      }
      break;
    }
  }
  return out;
}
