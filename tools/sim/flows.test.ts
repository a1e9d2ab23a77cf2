import { expect } from "chai";
import { markText } from "./flows";

describe("flow markers", () => {
    it("GIVEN strings of several kinds WHEN marked THEN each keeps its kind and shifts letters and digits", () => {
        expect(markText("yelb", 1)).to.equal("zfmc");
        expect(markText("111111111111", 1)).to.equal("222222222222");
        expect(markText("us-west-2", 2)).to.equal("wu-yguv-4");
        expect(markText("https://oidc.eks/id/AB9", 1)).to.equal("https://pjed.flt/je/BC0");
        expect(markText("arn:aws:appmesh:us-west-2:111111111111:mesh/m", 1)).to.equal("arn:aws:appmesh:vt-xftu-3:222222222222:nfti/n");
        expect(markText("10.192.0.0/16", 3)).to.equal("10.195.0.0/16");
    });
});
