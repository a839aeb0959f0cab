import { LocalTime } from "@/components/ui/local-time";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserControls } from "@/components/admin/user-controls";
import { requirePageUser } from "@/lib/auth";
import { listUsers } from "@/lib/data/users";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users" };

const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2 align-top";

export default async function UsersPage() {
  const me = await requirePageUser("admin", "/admin/users");
  const users = await listUsers();
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="mt-1 text-sm text-slate-600">
          <strong>Viewers</strong> read everything; <strong>operators</strong> also pause, resume and acknowledge alerts;{" "}
          <strong>admins</strong> also manage features, keys and users. Changes apply to open sessions at once. There is always at least one
          active admin.
        </p>
      </div>
      <section aria-labelledby="create-user">
        <h2 id="create-user" className="mb-2 text-lg font-semibold">
          Create a user
        </h2>
        <CreateUserForm />
      </section>
      <section aria-labelledby="all-users">
        <h2 id="all-users" className="mb-2 text-lg font-semibold">
          All users
        </h2>
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="cards w-full text-sm">
            <caption className="sr-only">Users, active first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                {["User", "Role", "Status", "Last sign-in", "Change"].map((h) => (
                  <th key={h} scope="col" className={th}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className={`border-t border-slate-100 ${u.active ? "" : "text-slate-500"}`}>
                  <td className={td}>
                    <div className="font-medium">
                      {u.email}
                      {u.id === me.id && <span className="ml-1 text-xs font-normal text-slate-600">(you)</span>}
                    </div>
                    <div className="text-xs text-slate-600">
                      {u.name || "—"}
                      {u.demo && " · demo account"}
                    </div>
                  </td>
                  <td className={td}>{u.role}</td>
                  <td className={`${td} whitespace-nowrap`}>
                    {u.active ? (
                      <span>
                        <span aria-hidden="true">● </span>Active
                      </span>
                    ) : (
                      <span>
                        <span aria-hidden="true">⊘ </span>Deactivated
                      </span>
                    )}
                  </td>
                  <td className={`${td} whitespace-nowrap`}>{u.lastSignInAt ? <LocalTime at={u.lastSignInAt} /> : "Never"}</td>
                  <td className={td}>
                    <UserControls user={{ id: u.id, email: u.email, role: u.role, active: u.active }} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}
