// npm run db:seed — migrates and fills an empty database with the demo data.
import { migrateDatabase, seedIfEmpty } from "./lib/database";

migrateDatabase()
  .then(seedIfEmpty)
  .then(
    (r) => {
      console.log(
        r ? `demo data: ${r.events} events in ${r.seconds.toFixed(1)} s` : "database not empty (or ROLLGUARD_DEMO=0): nothing seeded",
      );
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
