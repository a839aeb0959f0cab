import path from "node:path";

/** The Next.js server's environment with scripts/peer-address.cjs preloaded (the peer's address for throttles). */
export function withPeerAddress(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const hook = `--require ${JSON.stringify(path.resolve("scripts", "peer-address.cjs"))}`;
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, hook].filter(Boolean).join(" ") };
}
