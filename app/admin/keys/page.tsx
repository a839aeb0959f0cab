import { LocalTime } from "@/components/ui/local-time";
import { CreateClientKeyForm } from "@/components/admin/create-client-key-form";
import { CreateKeyForm } from "@/components/admin/create-key-form";
import { RevokeKeyButton } from "@/components/admin/revoke-key-button";
import { requirePageUser } from "@/lib/auth";
import { listApiKeySummaries } from "@/lib/data/api-keys";
import { listFeatures } from "@/lib/data/features";

export const dynamic = "force-dynamic";
export const metadata = { title: "API keys" };

const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2 align-top";

export default async function ApiKeysPage() {
  await requirePageUser("admin", "/admin/keys");
  const [keys, features] = await Promise.all([listApiKeySummaries(), listFeatures()]);
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="mt-1 text-sm text-slate-600">
          Keys let your product send signals (<code>ingest</code>), ask for decisions (<code>evaluate</code>), pause and resume (
          <code>operate</code>) and read figures (<code>read</code>). A key is shown once; Rollguard keeps only its hash and the visible
          prefix. Revoking takes effect on the key&apos;s very next request.
        </p>
      </div>
      <section aria-labelledby="create-key">
        <h2 id="create-key" className="mb-2 text-lg font-semibold">
          Create a key
        </h2>
        <CreateKeyForm features={features.map((f) => ({ key: f.key, name: f.name }))} />
      </section>
      <section aria-labelledby="create-client-key">
        <h2 id="create-client-key" className="mb-2 text-lg font-semibold">
          Create a client-side key
        </h2>
        <p className="mb-2 text-sm text-slate-600">
          For a browser or mobile app, where anyone can read the key: it can only ask for decisions and send thumbs feedback, for the
          features it names, and the decision API answers CORS only for its origins. Server keys are refused when a browser presents them.
        </p>
        <CreateClientKeyForm features={features.map((f) => ({ key: f.key, name: f.name }))} />
      </section>
      <section aria-labelledby="all-keys">
        <h2 id="all-keys" className="mb-2 text-lg font-semibold">
          Keys
        </h2>
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="cards w-full text-sm">
            <caption className="sr-only">API keys, active first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                {["Name", "Prefix", "Scopes", "Feature", "Created", "Last used", "Status", ""].map((h, i) => (
                  <th key={i} scope="col" className={th}>
                    {h || <span className="sr-only">Actions</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {keys.length === 0 && (
                <tr>
                  <td colSpan={8} className={`${td} text-slate-600`}>
                    No keys yet.
                  </td>
                </tr>
              )}
              {keys.map((k) => (
                <tr key={k.id} className={`border-t border-slate-100 ${k.revokedAt ? "text-slate-500" : ""}`}>
                  <td className={`${td} font-medium`}>{k.name}</td>
                  <td className={td}>
                    <code>{k.prefix}…</code>
                  </td>
                  <td className={td}>
                    {k.kind === "client" ? (
                      <span>
                        Client-side: {k.scopes.join(", ")}
                        <br />
                        <span className="text-xs text-slate-600">from {k.origins.join(", ")}</span>
                      </span>
                    ) : (
                      k.scopes.join(", ")
                    )}
                  </td>
                  <td className={td}>
                    {k.kind === "client" ? (
                      k.featureKeys.map((f) => (
                        <code key={f} className="mr-1">
                          {f}
                        </code>
                      ))
                    ) : k.featureKey ? (
                      <code>{k.featureKey}</code>
                    ) : (
                      "All features"
                    )}
                  </td>
                  <td className={`${td} whitespace-nowrap`}>
                    <LocalTime at={k.createdAt} />
                  </td>
                  <td className={`${td} whitespace-nowrap`}>{k.lastUsedAt ? <LocalTime at={k.lastUsedAt} /> : "Never"}</td>
                  <td className={`${td} whitespace-nowrap`}>
                    {k.revokedAt ? (
                      <span>
                        <span aria-hidden="true">⊘ </span>Revoked <LocalTime at={k.revokedAt} />
                      </span>
                    ) : (
                      <span>
                        <span aria-hidden="true">● </span>Active
                      </span>
                    )}
                  </td>
                  <td className={td}>{!k.revokedAt && <RevokeKeyButton prefix={k.prefix} name={k.name} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-2 text-xs text-slate-600">“Last used” is recorded at most once a minute per key.</p>
      </section>
    </section>
  );
}
