// The decision snapshot lives in lib/decision/ with the rest of the decision core. This re-export
// only keeps lib/data/ingest.ts's import working while that file is being changed elsewhere
// (issue 24); point that import at ../decision/decision-snapshot and delete this file.
export * from "../decision/decision-snapshot";
