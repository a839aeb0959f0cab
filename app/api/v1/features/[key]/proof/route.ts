import { productProof } from "@/lib/read/proof";
import { featureRoute } from "@/lib/http/feature-route";
import { json } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Whether the product obeyed the switch: decisions by outcome, stream clients, AI answers shown after a pause. */
export const GET = featureRoute("read", async ({ feature }) => {
  return json(await productProof(feature));
});
