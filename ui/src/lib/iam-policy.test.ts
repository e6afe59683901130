import { describe, expect, it } from "vitest";
import { policyActions } from "./iam-policy";

describe("policy actions", () => {
  it("lists every statement's actions, a lone action too, and none for text that is not a policy", () => {
    const policy = JSON.stringify({
      Statement: [{ Action: ["cloudwatch:ListMetrics", "cloudwatch:GetMetricData"] }, { Action: "ce:GetCostAndUsage" }, {}],
    });
    expect(policyActions(policy)).toEqual(["cloudwatch:ListMetrics", "cloudwatch:GetMetricData", "ce:GetCostAndUsage"]);
    expect(policyActions("")).toEqual([]);
    expect(policyActions("{}")).toEqual([]);
  });
});
