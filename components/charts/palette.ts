// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. Meaning never
// rests on colour alone: lines also differ by dash and marker, bars by position and label.
export const COLORS = {
  accuracy: "#0072B2", // blue
  confidence: "#E69F00", // orange
  danger: "#D55E00", // vermillion
  other: "#56B4E9", // sky blue
  neutral: "#6B7280", // grey
  muted: "#CBD5E1",
  grid: "#E2E8F0",
  text: "#334155",
} as const;

/** One colour and dash per phase, in plan order. */
export const PHASE_STYLES = [
  { color: "#0072B2", dash: undefined },
  { color: "#D55E00", dash: "6 3" },
  { color: "#009E73", dash: "2 2" },
  { color: "#CC79A7", dash: "8 3 2 3" },
] as const;

export const AXIS_TICK = { fill: COLORS.text, fontSize: 12 } as const;
