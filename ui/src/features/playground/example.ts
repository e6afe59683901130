// The long-document example: a field guide long enough (about 6,000 tokens) to pass every Claude model's
// cache minimum, placed behind a cache point, with a first question after it. It is the demo that shows a
// first turn writing the cache and every later question reading it.
import type { Conversation } from "../../lib/ipc/bindings";

export const EXAMPLE_MODEL = "us.anthropic.claude-sonnet-4-6";

const CHAPTERS: readonly [string, string][] = [
  [
    "Reading an outcrop",
    "An outcrop is a place where bedrock breaks through the soil and can be seen. Geologists read it from the bottom up: the lowest layer was laid down first, and each layer above it is younger, unless folding or faulting has turned the sequence over. Before touching anything, stand back and sketch the whole exposure, mark the contacts between units, and note the direction the layers dip. A photograph with a hammer or a notebook for scale is worth more than a page of notes taken without one.",
  ],
  [
    "Sandstone",
    "Sandstone is made of sand-sized grains, mostly quartz, cemented by silica, calcite or iron oxide. Rub it with a thumb: loose grains mean a weak cement. Cross-bedding, the sloping layers inside a bed, records the direction of the current or wind that deposited it, and ripple marks on a bedding surface show the same at a smaller scale. Red colours usually come from iron oxide formed where the sediment was exposed to air.",
  ],
  [
    "Shale and mudstone",
    "Shale splits into thin sheets along its bedding; mudstone breaks into blocks. Both formed from mud settling in quiet water, a lake floor, a lagoon or the deep sea. Dark grey and black shales are rich in organic matter and may smell of oil when freshly broken. Fossils in shale are often flattened but beautifully preserved, because fine mud buries a shell or a leaf before currents can scatter it.",
  ],
  [
    "Limestone",
    "Limestone is calcium carbonate, most of it built by living things: shells, corals, algae and the microscopic skeletons of plankton. A drop of dilute acid fizzes on it. Limestone dissolves slowly in rainwater, which is why limestone country has caves, sinkholes and streams that vanish underground. Look for fossils on weathered surfaces, where the harder shells stand out from the softer matrix.",
  ],
  [
    "Faults and folds",
    "A fault is a fracture along which the rocks on either side have moved. Slickensides, polished and grooved surfaces, show the direction of the last movement. Folds bend layers into arches (anticlines) and troughs (synclines). Measure the strike and dip of the layers on both limbs of a fold; the line where they meet is the fold axis, and its plunge tells you which way the fold dives into the ground.",
  ],
  [
    "Safety on the outcrop",
    "Wear a helmet under cliffs and safety glasses when hammering. Never hammer where loose blocks lie above you, and never work alone at the foot of a quarry face. Check tide tables before working on a coastal platform: the sea returns faster than it seems. Leave the outcrop as you found it; in many places collecting is forbidden, and a photograph records the evidence without destroying it.",
  ],
];

/** The field guide, chapter by chapter, each chapter told from three angles, then reviewed and summarised. */
export function fieldGuide(): string {
  const angles = [
    "In the field:",
    "What it tells you:",
    "A common mistake:",
  ];
  return CHAPTERS.map(([title, text], i) => {
    const body = angles
      .map((angle, j) => `${angle} ${text} (Section ${i + 1}.${j + 1}.)`)
      .join("\n\n");
    const review = body.replaceAll("(Section", "(Review of section");
    const summary = body.replaceAll("(Section", "(Summary of section");
    return `Chapter ${i + 1}. ${title}\n\n${body}\n\n${review}\n\n${summary}`;
  }).join("\n\n");
}

export function exampleConversation(): Conversation {
  return {
    tools: [],
    system: [
      {
        type: "text",
        text: "You are a patient field-geology tutor. Answer from the field guide the student shares; quote the chapter you rely on, and say so when the guide does not cover a question.",
      },
    ],
    messages: [
      {
        role: "user",
        content: [
          { type: "document", name: "Outcrop field guide", format: "txt", text: fieldGuide() },
          { type: "cachePoint", ttl: "5m" },
          { type: "text", text: "How do I tell which layer of an outcrop is the oldest?" },
        ],
      },
    ],
    inference: { maxTokens: 512, stopSequences: [] },
  };
}

/** Follow-up questions for the demo and the bake-off script. */
export const EXAMPLE_FOLLOW_UPS: readonly string[] = [
  "What does cross-bedding in sandstone tell me?",
  "Why does limestone country have caves?",
  "What should I check before working on a coastal platform?",
];
