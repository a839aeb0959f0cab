// What an API key may do: send signals, ask for decisions, pause/resume, read figures.
export const SCOPES = ["ingest", "evaluate", "operate", "read"] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  ingest: "send outputs, labels, feedback and tickets",
  evaluate: "ask the decision API (OFREP)",
  operate: "pause and resume features, acknowledge alerts",
  read: "read metrics, alerts and the state stream",
};
