import { expect } from "chai";
import { problemOf } from "../../test/helpers/validators";
import { alarmTopicRefusal, canaryWeights, signedCallsRefusal } from "./apps";
import { snsTopicArn } from "./validate";

const FILE = "apps/Pulumi.dev-backend.yaml";

describe("apps config: the appserver canary's weights", () => {
    it("GIVEN [stable, canary] from 0 to 100 summing above 0 THEN they are the route's weights, all to one side included", () => {
        expect(canaryWeights(["90", "10"], FILE)).to.deep.equal({ stable: 90, canary: 10 });
        expect(canaryWeights(["0", "100"], FILE)).to.deep.equal({ stable: 0, canary: 100 });
        expect(canaryWeights(["100", "0"], FILE)).to.deep.equal({ stable: 100, canary: 0 });
    });

    it("GIVEN weights that send nothing, leave 0-100, are not whole or not two THEN each is refused naming the file and the fix", () => {
        expect(problemOf(() => canaryWeights(["0", "0"], FILE))).to.equal(
            "[0, 0] sends no call anywhere (the weights sum to 0) / give the stable or the canary a weight above 0 in apps/Pulumi.dev-backend.yaml; to stop the canary, remove apps:appserverCanaryImage",
        );
        const shape = "write [stable, canary] in apps/Pulumi.dev-backend.yaml, each 0 to 100, such as [90, 10]";
        expect(problemOf(() => canaryWeights(["101", "10"], FILE))).to.equal(`101 in [101, 10] is not a whole number from 0 to 100 / ${shape}`);
        expect(problemOf(() => canaryWeights(["90", "-1"], FILE))).to.equal(`-1 in [90, -1] is not a whole number from 0 to 100 / ${shape}`);
        expect(problemOf(() => canaryWeights(["90", "9.5"], FILE))).to.equal(`9.5 in [90, 9.5] is not a whole number from 0 to 100 / ${shape}`);
        expect(problemOf(() => canaryWeights(["90"], FILE))).to.equal(`[90] is not two weights / ${shape}`);
        expect(problemOf(() => canaryWeights(["80", "10", "10"], FILE))).to.equal(`[80, 10, 10] is not two weights / ${shape}`);
    });
});

describe("apps config: signed calls need Lattice alone (signedCallsRefusal)", () => {
    it("GIVEN apps:transport lattice THEN signed calls are accepted", () => {
        expect(signedCallsRefusal("lattice", "infra-frontend/Pulumi.dev.yaml", "apps/Pulumi.dev-frontend.yaml")).to.equal(undefined);
    });

    it("GIVEN apps:transport both THEN they are refused naming the infra key and file, the apps file and the fix", () => {
        expect(signedCallsRefusal("both", "infra-frontend/Pulumi.dev.yaml", "apps/Pulumi.dev-backend.yaml")?.message).to.equal(
            "Invalid configuration for signed calls (infra-frontend/Pulumi.dev.yaml):\n" +
                "  - infra-frontend:latticeSignedCalls: is true in infra-frontend/Pulumi.dev.yaml, but apps:transport is both in apps/Pulumi.dev-backend.yaml: yelb-ui's calls may go through App Mesh's Envoy, unsigned, and its service account carries Envoy's role. " +
                "Fix: finish the move to apps:transport: lattice in every apps stack first (docs/transports.md, migration), or remove latticeSignedCalls from infra-frontend/Pulumi.dev.yaml.",
        );
    });
});

describe("apps config: the alarms' SNS topic (apps:latticeAlarmTopicArn)", () => {
    const TOPIC = "arn:aws:sns:us-west-2:222222222222:yelb-alarms";
    it("GIVEN topic ARNs WHEN read THEN an SNS topic ARN is kept and anything else refused with the form to write", () => {
        expect(snsTopicArn(TOPIC)).to.equal(TOPIC);
        expect(problemOf(() => snsTopicArn("arn:aws:sqs:us-west-2:222222222222:yelb-alarms"))).to.equal('"arn:aws:sqs:us-west-2:222222222222:yelb-alarms" is not an SNS topic ARN / write arn:aws:sns:<region>:<12-digit account>:<topic name>');
        expect(problemOf(() => snsTopicArn("arn:aws:sns:us-west-2:222222222222:"))).to.contain("is not an SNS topic ARN");
    });

    it("GIVEN the backend's region WHEN the topic is of that region and partition, or unset THEN accepted; another region or partition THEN refused naming key, file and fix", () => {
        expect(alarmTopicRefusal(TOPIC, "us-west-2", "apps/Pulumi.dev-backend.yaml")).to.equal(undefined);
        expect(alarmTopicRefusal("", "us-west-2", "apps/Pulumi.dev-backend.yaml")).to.equal(undefined);
        expect(alarmTopicRefusal("arn:aws:sns:eu-west-1:222222222222:yelb-alarms", "us-west-2", "apps/Pulumi.dev-backend.yaml")?.message).to.equal(
            "Invalid configuration for stack file apps/Pulumi.dev-backend.yaml:\n" +
                '  - apps:latticeAlarmTopicArn: "arn:aws:sns:eu-west-1:222222222222:yelb-alarms" is in aws eu-west-1, but the alarms are in aws us-west-2. Fix: name a topic of us-west-2 (arn:aws:sns:us-west-2:...), or create one there.',
        );
        expect(alarmTopicRefusal("arn:aws-cn:sns:cn-north-1:222222222222:yelb-alarms", "cn-north-1", "f")).to.equal(undefined);
        expect(alarmTopicRefusal("arn:aws:sns:cn-north-1:222222222222:yelb-alarms", "cn-north-1", "f")?.problems[0].problem).to.equal('"arn:aws:sns:cn-north-1:222222222222:yelb-alarms" is in aws cn-north-1, but the alarms are in aws-cn cn-north-1');
        expect(alarmTopicRefusal("arn:aws-cn:sns:us-west-2:222222222222:yelb-alarms", "us-west-2", "f")?.problems[0].problem).to.equal('"arn:aws-cn:sns:us-west-2:222222222222:yelb-alarms" is in aws-cn us-west-2, but the alarms are in aws us-west-2');
    });
});
