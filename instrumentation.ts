// Next.js calls register() once per server process. The server process's background listeners
// (lib/server-startup.ts) run only in the Node.js runtime, never in the edge runtime.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerProcess } = await import("./lib/server-startup");
  await startServerProcess();
}
