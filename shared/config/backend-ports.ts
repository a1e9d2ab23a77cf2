import { APPSERVER } from "../components/yelb-backend";
import { InvalidValue } from "./errors";
import { distinct } from "./validate";

/**
 * What the backend serves to the frontend account: the appserver's port only. Redis (6379) and
 * Postgres (5432) serve the appserver alone, inside the backend cluster.
 */
export const PORTS_SERVED_TO_FRONTEND: readonly number[] = [APPSERVER.port];

/**
 * The backend ports opened to the frontend VPC must be exactly those the backend serves to it: a
 * port missing leaves the frontend unable to call, an extra one opens a service it never calls.
 */
export function checkFrontendCallablePorts(ports: readonly number[]): void {
    if (ports.length === 0) {
        throw new InvalidValue("is empty, so the frontend could reach no backend service", `list the ports the frontend calls: [${PORTS_SERVED_TO_FRONTEND.join(", ")}]`);
    }
    distinct(ports);
    const extra = ports.filter((p) => !PORTS_SERVED_TO_FRONTEND.includes(p));
    const missing = PORTS_SERVED_TO_FRONTEND.filter((p) => !ports.includes(p));
    if (extra.length > 0) {
        throw new InvalidValue(
            `opens ${extra.join(", ")} to the frontend VPC, where the backend serves the frontend only on ${PORTS_SERVED_TO_FRONTEND.join(", ")}`,
            `set it to [${PORTS_SERVED_TO_FRONTEND.join(", ")}]`,
        );
    }
    if (missing.length > 0) {
        throw new InvalidValue(`leaves out ${missing.join(", ")}, where the frontend calls yelb-appserver`, `set it to [${PORTS_SERVED_TO_FRONTEND.join(", ")}]`);
    }
}
