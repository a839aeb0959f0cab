import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { z } from "zod";
import { authSecret } from "./secret";
import { userByEmail, verifyCredentials } from "../data/users";
import { clientAddress } from "./client-address";
import { throttledSignIn, waitMessage } from "./sign-in-throttle";

// next-auth (v4): email + password always; GitHub, Google and a generic OIDC provider when their
// environment variables are set. Sessions are JWTs carrying the user id; the role and the
// active flag are re-read from the database on every request (lib/auth/index.ts).

const ZCredentials = z.object({ email: z.string().trim().min(3).max(200), password: z.string().min(1).max(500) });

function oauthProviders() {
  const providers = [];
  if (process.env.GITHUB_ID && process.env.GITHUB_SECRET) {
    providers.push(GitHubProvider({ clientId: process.env.GITHUB_ID, clientSecret: process.env.GITHUB_SECRET }));
  }
  if (process.env.GOOGLE_CLIENT_ID && process.env.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: process.env.GOOGLE_CLIENT_ID, clientSecret: process.env.GOOGLE_CLIENT_SECRET }));
  }
  if (process.env.OIDC_ISSUER && process.env.OIDC_CLIENT_ID && process.env.OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: process.env.OIDC_NAME ?? "Single sign-on",
      type: "oauth" as const,
      wellKnown: `${process.env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: process.env.OIDC_CLIENT_ID,
      clientSecret: process.env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"] as ("pkce" | "state")[],
      profile: (p: { sub: string; email?: string; name?: string }) => ({ id: p.sub, email: p.email, name: p.name }),
    });
  }
  return providers;
}

export const oauthProviderIds = () => oauthProviders().map((p) => ({ id: p.id, name: p.name }));

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = ZCredentials.safeParse(raw);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const address = clientAddress((req?.headers ?? {}) as Record<string, string>);
        const result = await throttledSignIn(email, address, () => verifyCredentials(email, password));
        if (!result.ok && result.retryAfterMs !== undefined) throw new Error(waitMessage(result.retryAfterMs));
        if (!result.ok) return null;
        const user = result.user;
        return { id: user.id, email: user.email, name: user.name || user.email };
      },
    }),
    ...oauthProviders(),
  ],
  callbacks: {
    // OAuth sign-ins are allowed only for users an admin created (matched by email).
    async signIn({ user, account }) {
      if (!account || account.provider === "credentials") return true;
      const email = user.email?.toLowerCase();
      if (!email) return false;
      const existing = await userByEmail(email);
      return Boolean(existing?.active);
    },
    async jwt({ token, user, account }) {
      if (user && account) {
        if (account.provider === "credentials") token.uid = user.id;
        else {
          const existing = await userByEmail(user.email!.toLowerCase());
          token.uid = existing?.id;
        }
      }
      return token;
    },
    async session({ session, token }) {
      (session as { uid?: unknown }).uid = token.uid;
      return session;
    },
  },
};
