// What an API key may do: send signals, ask for decisions, pause/resume, read figures.
export const SCOPES = ["ingest", "evaluate", "operate", "read"] as const;
/** `feedback` (thumbs on an output) is held only by client-side keys, beside `evaluate`. */
export type Scope = (typeof SCOPES)[number] | "feedback";

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  feedback: "send thumbs up/down on an output (client-side keys)",
  ingest: "send outputs, labels, feedback and tickets",
  evaluate: "ask the decision API (OFREP)",
  operate: "pause and resume features, acknowledge alerts",
  read: "read metrics, alerts and the state stream",
};
