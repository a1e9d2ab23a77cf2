import { at, listOf } from "../json";
import { ResourceRule } from "./types";

const VIRTUAL_ROUTER = "kubernetes:appmesh.k8s.aws/v1beta2:VirtualRouter";
const ROUTE_KINDS = ["httpRoute", "http2Route", "grpcRoute"] as const;

export const noClientErrorRetries: ResourceRule = {
    name: "no-client-error-retries",
    description: "No App Mesh route retries client-error (a 4xx fails the same way again; retrying it only multiplies the load).",
    enforcementLevel: "mandatory",
    resourceTypes: [VIRTUAL_ROUTER],
    check: (_type, inputs) =>
        listOf(at(inputs, "spec", "routes")).flatMap((route, index) => {
            const name = at(route, "name");
            const label = typeof name === "string" ? `"${name}"` : String(index);
            return ROUTE_KINDS.filter((kind) => listOf(at(route, kind, "retryPolicy", "httpRetryEvents")).includes("client-error")).map(
                (kind) => `route ${label} (${kind}) retries on client-error; retry only server-error, gateway-error or stream-error`,
            );
        }),
};
