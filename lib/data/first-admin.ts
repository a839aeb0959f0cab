import { createUser } from "./users";

/** Creates the first admin, only while no user exists (checked inside the write transaction). */
export async function createFirstAdminUser(input: { email: string; name: string; password: string }): Promise<boolean> {
  return (await createUser({ ...input, role: "admin" }, "setup", { onlyIfNoUsers: true })) !== null;
}
