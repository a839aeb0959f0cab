import { ChannelButtons } from "@/components/channels/channel-buttons";
import { ChannelForm } from "@/components/channels/channel-form";
import { LocalTime } from "@/components/ui/local-time";
import { requirePageUser } from "@/lib/auth";
import { listFeatures } from "@/lib/data/features";
import { listChannels, listDeliveries } from "@/lib/data/webhooks";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata = { title: "Notification channels" };

const th = "px-3 py-2 text-left font-medium";
const td = "px-3 py-2 align-top";
const KIND: Record<string, string> = { slack: "Slack", webhook: "Signed webhook", email: "Email" };

export default async function ChannelsPage() {
  await requirePageUser("admin", "/admin/channels");
  const [channels, deliveries, features] = await Promise.all([listChannels(), listDeliveries(undefined, 50), listFeatures()]);
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Notification channels</h1>
        <p className="mt-1 text-sm text-slate-600">
          Who is told when an alert opens or resolves and when a feature is paused or resumed. Each alert says which channels were told;
          with no channel, nobody is.
        </p>
      </div>
      <section aria-labelledby="add-channel">
        <h2 id="add-channel" className="mb-2 text-lg font-semibold">
          Add a channel
        </h2>
        <ChannelForm features={features.map((f) => ({ key: f.key, name: f.name }))} smtpConfigured={Boolean(env().ROLLGUARD_SMTP_URL)} />
      </section>
      <section aria-labelledby="all-channels" className="space-y-2">
        <h2 id="all-channels" className="text-lg font-semibold">
          Channels
        </h2>
        {channels.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-700">
            No channel yet: alerts reach nobody outside this app.
          </p>
        ) : (
          <ul className="space-y-2">
            {channels.map((c) => (
              <li
                key={c.id}
                aria-label={`Channel ${c.name}`}
                className={`space-y-2 rounded-lg border bg-white p-3 text-sm ${c.enabled ? "border-slate-200" : "border-dashed border-slate-300 text-slate-500"}`}
              >
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <strong className="text-slate-900">{c.name}</strong>
                  <span>{KIND[c.kind] ?? c.kind}</span>
                  <span>{c.feature ? c.feature.name : "All features"}</span>
                  {!c.enabled && <span className="font-semibold">Disabled</span>}
                </div>
                <p className="break-all text-xs text-slate-600">
                  {c.kind === "email" ? c.emailTo : c.url ? new URL(c.url).origin + "/…" : ""} · {c.events.split(",").join(", ")}
                </p>
                <ChannelButtons id={c.id} name={c.name} enabled={c.enabled} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="delivery-log" className="space-y-2">
        <h2 id="delivery-log" className="text-lg font-semibold">
          Delivery log
        </h2>
        <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="cards w-full text-sm">
            <caption className="sr-only">The last 50 deliveries, newest first</caption>
            <thead className="bg-slate-100 text-slate-700">
              <tr>
                {["Queued", "Channel", "Event", "Status", "Attempts", "Last error"].map((h) => (
                  <th key={h} scope="col" className={th}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {deliveries.length === 0 && (
                <tr>
                  <td colSpan={6} className={`${td} text-slate-600`}>
                    Nothing sent yet.
                  </td>
                </tr>
              )}
              {deliveries.map((d) => (
                <tr key={d.id} className="border-t border-slate-100">
                  <td className={`${td} whitespace-nowrap`}>
                    <LocalTime at={d.createdAt} />
                  </td>
                  <td className={td}>{d.webhook.name}</td>
                  <td className={td}>
                    <code>{d.event}</code>
                  </td>
                  <td className={`${td} font-medium`}>
                    {d.status}
                    {d.lastStatus !== null && <span className="font-normal text-slate-600"> (HTTP {d.lastStatus})</span>}
                  </td>
                  <td className={td}>{d.attempts}</td>
                  <td className={`${td} max-w-xs break-words text-xs text-slate-700`}>{d.lastError ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}
