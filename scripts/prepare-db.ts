// Creates the database when missing, applies committed migrations, and fills an empty database
// with the demo data (unless ROLLGUARD_DEMO=0). Run by `npm start`, `npm run dev` and the tests.
import { migrateDatabase, seedIfEmpty } from "./lib/database";

async function main() {
  await migrateDatabase();
  const seeded = await seedIfEmpty();
  if (seeded) console.log(`rollguard: demo data created (${seeded.events} events in ${seeded.seconds.toFixed(1)} s)`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
