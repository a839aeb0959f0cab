// Roles are ordered: an admin can do what an operator can, an operator what a viewer can.

export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function hasRole(actual: string, required: Role): boolean {
  const a = ROLES.indexOf(actual as Role);
  return a >= 0 && a >= ROLES.indexOf(required);
}

/** The role a signed-in user needs for what an API key's scope allows. */
export const ROLE_FOR_SCOPE: Record<"read" | "operate", Role> = { read: "viewer", operate: "operator" };
