// The entry scripts/build-rest-api.mjs bundles: a Node request listener for scripts/server.mjs.
import { getRequestListener } from "@hono/node-server";
import { restApi } from "./app";

export const handleRestApiRequest = getRequestListener(restApi.fetch);
