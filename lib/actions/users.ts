"use server";

import { roleAction } from "@/lib/actions/guard";
import { userActor } from "@/lib/auth";
import { changeUserRole, createUser, setUserActive } from "@/lib/data/users";
import { ZNewUser, ZUserActiveChange, ZUserRoleChange } from "@/lib/schemas/users";

const revalidate = ["/admin/users"];

export const createUserAction = roleAction(
  "admin",
  ZNewUser,
  async (input, user) => {
    const created = await createUser(input, userActor(user).label);
    return { email: created!.email, role: created!.role };
  },
  { revalidate },
);

export const changeUserRoleAction = roleAction(
  "admin",
  ZUserRoleChange,
  async ({ userId, role }, user) => {
    const changed = await changeUserRole(userId, role, userActor(user).label);
    return { email: changed.email, role: changed.role };
  },
  { revalidate },
);

export const setUserActiveAction = roleAction(
  "admin",
  ZUserActiveChange,
  async ({ userId, active }, user) => {
    const changed = await setUserActive(userId, active, userActor(user).label);
    return { email: changed.email, active: changed.active };
  },
  { revalidate },
);
