import { db } from "../db";

/** True when the database was filled with the demo data (the UI shows a banner, demo users exist). */
export async function isDemoDatabase(): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: "demo" } });
  return row?.value === "1";
}
