// Builds the production bundle when it is missing or older than the sources.
import { ensureBuild } from "./lib/build";

ensureBuild();
