"use client";

import { useId, useState, useTransition } from "react";
import { changeUserRoleAction, setUserActiveAction } from "@/lib/actions/users";
import type { ActionError, ActionResult } from "@/lib/actions/guard";
import { ROLES, type Role } from "@/lib/domain/roles";
import { ActionErrorMessage } from "./action-error";
import { dangerButton, secondaryButton } from "./form-styles";

/** Role change and (de)activation for one user row. The server re-checks everything. */
export function UserControls({ user }: { user: { id: string; email: string; role: Role; active: boolean } }) {
  const [role, setRole] = useState<Role>(user.role);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  const roleId = useId();
  const run = (fn: () => Promise<ActionResult<unknown>>, after?: () => void) =>
    start(async () => {
      const result = await fn();
      setError(result.ok ? null : result.error);
      if (result.ok) after?.();
    });

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <div className="text-xs text-slate-700">
          <label htmlFor={roleId}>Role of {user.email}</label>
          <select
            id={roleId}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            disabled={pending || !user.active}
            className="mt-0.5 block rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 focus:outline-none focus:ring-2 focus:ring-blue-200"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className={secondaryButton}
          disabled={pending || role === user.role || !user.active}
          onClick={() => run(() => changeUserRoleAction({ userId: user.id, role }))}
        >
          Change role
        </button>
        {user.active ? (
          !confirming && (
            <button type="button" className={secondaryButton} disabled={pending} onClick={() => setConfirming(true)}>
              Deactivate
            </button>
          )
        ) : (
          <button
            type="button"
            className={secondaryButton}
            disabled={pending}
            onClick={() => run(() => setUserActiveAction({ userId: user.id, active: true }))}
          >
            Reactivate
          </button>
        )}
      </div>
      {confirming && (
        <div role="group" aria-label={`Confirm deactivating ${user.email}`} className="flex flex-wrap items-center gap-2">
          <span className="text-xs text-slate-700">Their sessions stop working at once.</span>
          <button
            type="button"
            autoFocus
            disabled={pending}
            className={dangerButton}
            onClick={() =>
              run(
                () => setUserActiveAction({ userId: user.id, active: false }),
                () => setConfirming(false),
              )
            }
          >
            Deactivate {user.email}
          </button>
          <button type="button" disabled={pending} className={secondaryButton} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      <ActionErrorMessage error={error} />
    </div>
  );
}
