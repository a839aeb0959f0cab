// npx tsx scripts/pg-cluster.ts start <dir> <port>   prints the cluster's postgresql:// URL
// npx tsx scripts/pg-cluster.ts stop <dir>
// A private PostgreSQL cluster for CI and local runs of the PostgreSQL suites (scripts/lib/pg-cluster.ts).
import { startCluster, stopCluster } from "./lib/pg-cluster";

const [command, dir, port] = process.argv.slice(2);
if (command === "start" && dir && port) {
  console.log(startCluster(dir, Number(port)).url);
} else if (command === "stop" && dir) {
  stopCluster(dir);
} else {
  console.error("usage: pg-cluster.ts start <dir> <port> | stop <dir>");
  process.exit(2);
}
