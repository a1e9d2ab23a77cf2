import { clusterName } from "./naming";

/**
 * The rule an environment name must follow, checked before the name reaches a path, a stack or a
 * cloud name. It is Pulumi's stack-name rule (letters, digits, `-`, `_`, `.`; at most 100
 * characters) narrowed by where the name lands: the EKS cluster name `yelb-<environment>-<side>`
 * (starts with a letter or digit; letters, digits, `-` and `_`; at most 100 characters).
 */
const EKS_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]*$/;
const EKS_NAME_MAX = 100;
// The longest cluster name an environment makes is the frontend's.
const MAX_LENGTH = EKS_NAME_MAX - clusterName("", "frontend").length;

/** Why `name` cannot be an environment, as one clause with its fix; undefined when it can. */
export function environmentNameProblem(name: string): string | undefined {
    if (name === "") return "the environment name is empty: give one such as dev";
    if (!EKS_NAME.test(name)) {
        return (
            `environment "${name}" is not a valid name: use letters, digits, "-" and "_", starting with a letter or digit ` +
            `(it names the stacks and the EKS clusters ${clusterName("<environment>", "frontend")}), e.g. dev`
        );
    }
    if (name.length > MAX_LENGTH) {
        return `environment "${name}" is ${name.length} characters long: use at most ${MAX_LENGTH}, so the EKS cluster name ${clusterName("<environment>", "frontend")} fits in ${EKS_NAME_MAX}`;
    }
    return undefined;
}

export function isEnvironmentName(name: string): boolean {
    return environmentNameProblem(name) === undefined;
}
