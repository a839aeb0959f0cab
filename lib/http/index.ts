// The HTTP room: errors to responses (respond.ts), request bodies (body.ts), and the feature route
// wrappers (feature-route.ts, imported on its own: it reads the database).
export * from "./respond";
export * from "./body";
