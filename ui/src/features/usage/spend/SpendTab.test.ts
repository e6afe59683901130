import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { connections } from "../../../lib/connections.svelte";
import { i18n } from "../../../lib/i18n/index.svelte";
import type { Fact, SpendRange, SpendReport, UsageFacts } from "../../../lib/ipc/bindings";
import { presenter } from "../../../lib/presenter.svelte";
import { FakeConnections, LOCAL, WORK, failure } from "../../../test-support/fake-connections";
import { spend } from "./spend.svelte";
import SpendTab from "./SpendTab.svelte";

const ACCOUNT = "111122223333";

function fact<T>(value: T, source: string): Fact<T> {
  return { value, what: "", source, asOf: "2026-12-01", sure: "documented" };
}

const FACTS: UsageFacts = {
  asOf: "2026-12-01",
  note: "",
  costExplorerRequestUsd: fact(0.01, "https://aws.amazon.com/aws-cost-management/pricing/"),
  costDataDelayHours: fact(24, "https://docs.aws.amazon.com/cost-management/latest/userguide/ce-exploring-data.html"),
  tagActivationDelayHours: fact(24, "https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/activating-tags.html"),
  costExplorerEnableDelayHours: fact(24, "https://docs.aws.amazon.com/cost-management/latest/userguide/ce-enable.html"),
  metricsDelayMinutes: fact(1, "https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-runtime-metrics.html"),
  cacheMetricNames: fact(["CacheReadInputTokenCount", "CacheWriteInputTokenCount"], "x"),
  modelIdDimension: fact("as invoked", "x"),
  costExplorerRegion: fact("us-east-1", "https://docs.aws.amazon.com/general/latest/gr/billing.html"),
};

/** Sales spent $3.00, Finance $1.00, and $1.00 carried no Department tag, over two days. */
function report(tagKey: string, range: SpendRange): SpendReport {
  return {
    tagKey,
    window: { range, start: "2026-11-30", end: "2026-12-02", granularity: "daily" },
    periodStarts: ["2026-11-30", "2026-12-01"],
    groups: [
      {
        value: "Sales",
        amounts: [1, 2],
        total: 3,
        carriers: [
          { kind: "profile", name: "sales-claude" },
          { kind: "project", name: "Sales chat" },
        ],
      },
      { value: `team-${ACCOUNT}`, amounts: [0.5, 0.5], total: 1, carriers: [] },
      { value: null, amounts: [0, 1], total: 1, carriers: [] },
    ],
    total: 5,
    unit: "USD",
    estimated: true,
    noTaggedCost: false,
    services: [
      { service: "Claude Sonnet 4.5 (Amazon Bedrock Edition)", total: 4 },
      { service: "Amazon Bedrock", total: 1 },
    ],
    requests: 1,
  };
}

/** Only untagged cost: nothing carries the key. */
function untagged(tagKey: string, range: SpendRange): SpendReport {
  return {
    ...report(tagKey, range),
    groups: [{ value: null, amounts: [0.25, 0.5], total: 0.75, carriers: [] }],
    total: 0.75,
    estimated: false,
    noTaggedCost: true,
    services: [{ service: "Amazon Bedrock", total: 0.75 }],
  };
}

/** The Rust side of the Spend tab: the overview per connection, and a report counting its requests. */
class FakeSpend extends FakeConnections {
  tagKeys = ["Department", "Project"];
  requests = 0;
  answer: (tagKey: string, range: SpendRange) => SpendReport = report;

  protected override handle(cmd: string, args: Record<string, unknown>): unknown {
    if (!cmd.startsWith("spend_")) return super.handle(cmd, args);
    this.sent.push({ cmd, args: structuredClone(args) });
    const override = this.overrides[cmd];
    if (override) return override(args);
    switch (cmd) {
      case "spend_overview":
        return { simulated: this.activeId === "local", tagKeys: this.tagKeys, requestsThisSession: this.requests, facts: FACTS };
      case "spend_report": {
        const tagKey = args.tagKey as string;
        const bad = [...tagKey].find((c) => !/[\p{L}\p{N}\s_.:/=+\-@]/u.test(c));
        if (bad !== undefined) {
          throw failure("validation", `“${bad}” is not allowed in a tag key`, null, [
            { field: "tagKey", rule: { code: "tagKeyCharacter", character: bad }, message: `“${bad}” is not allowed in a tag key` },
          ]);
        }
        this.requests += 1;
        return { report: this.answer(tagKey, args.range as SpendRange), requestsThisSession: this.requests };
      }
      default:
        throw `unexpected command ${cmd}`;
    }
  }
}

beforeEach(() => {
  connections.reset();
  spend.reset();
  i18n.set("en");
  presenter.on = false;
});

async function open(activeId: "work" | "local" = "work", backend = new FakeSpend({ connections: [LOCAL, WORK], activeId })) {
  backend.install();
  await connections.load();
  const user = userEvent.setup();
  render(SpendTab);
  await screen.findByTestId("spend-form");
  return { user, backend };
}

const query = () => screen.getByTestId<HTMLButtonElement>("spend-query");
const tagKeyInput = () => screen.getByLabelText<HTMLInputElement>("Tag key");

describe("Usage & spend: the Spend tab", () => {
  it("loads the tag keys once and starts from the first one", async () => {
    const { backend } = await open();
    expect(tagKeyInput().value).toBe("Department");
    const options = [...document.querySelectorAll<HTMLOptionElement>("#spend-tag-keys option")].map((o) => o.value);
    expect(options).toEqual(["Department", "Project"]);
    expect(tagKeyInput().getAttribute("list")).toBe("spend-tag-keys");
    expect(screen.getByTestId("spend-known-keys").textContent).toContain("Department, Project");
    expect(backend.commands("spend_overview")).toHaveLength(1);
  });

  it("offers Department when no profile or project carries a tag", async () => {
    const backend = new FakeSpend({ connections: [LOCAL, WORK], activeId: "work" });
    backend.tagKeys = [];
    await open("work", backend);
    expect(tagKeyInput().value).toBe("Department");
    expect(screen.getByTestId("spend-known-keys").textContent).toContain("type the key");
  });

  it("says what Cost Explorer bills before the session's first query on AWS, then counts the requests", async () => {
    const { user } = await open();
    const notice = screen.getByTestId("spend-charge-notice");
    expect(notice.textContent).toContain("AWS bills $0.01 for every Cost Explorer API request, and every page of an answer is one request");
    expect(notice.textContent).toContain("Source: https://aws.amazon.com/aws-cost-management/pricing/ (as of 2026-12-01)");
    expect(query().textContent?.trim()).toBe("Query Cost Explorer ($0.01)");
    expect(screen.queryByTestId("spend-session-requests")).toBeNull();

    await user.click(query());
    await screen.findByTestId("spend-result");
    expect(screen.queryByTestId("spend-charge-notice")).toBeNull();
    expect(screen.getByTestId("spend-session-requests").textContent).toBe("1 Cost Explorer request this session ($0.01).");
    await user.click(query());
    await waitFor(() => expect(screen.getByTestId("spend-session-requests").textContent).toBe("2 Cost Explorer requests this session ($0.02)."));
  });

  it("on Local Bedrock says the answer is free and at once, with no charge notice", async () => {
    const { user } = await open("local");
    expect(screen.queryByTestId("spend-charge-notice")).toBeNull();
    expect(screen.getByTestId("spend-local-note").textContent).toBe(
      "Local Bedrock answers from what it served: free, and at once. AWS's Cost Explorer data comes up to 24 hours late.",
    );
    expect(query().textContent?.trim()).toBe("Query Cost Explorer");
    await user.click(query());
    await screen.findByTestId("spend-result");
    expect(screen.queryByTestId("spend-session-requests")).toBeNull();
  });

  it("sends the tag key typed and the period chosen", async () => {
    const { user, backend } = await open();
    await user.clear(tagKeyInput());
    await user.type(tagKeyInput(), "Project");
    await user.click(within(screen.getByTestId("spend-range")).getByLabelText("Last 3 months"));
    await user.click(query());
    await screen.findByTestId("spend-result");
    expect(backend.commands("spend_report").map((c) => c.args)).toEqual([{ tagKey: "Project", range: "last3Months" }]);
  });

  it("shows each value with its profiles and projects, total and share, the untagged cost last, and the total", async () => {
    const { user } = await open();
    await user.click(query());
    await screen.findByTestId("spend-result");
    const rows = screen.getAllByTestId("spend-row");
    expect(rows.map((r) => within(r).getByTestId("spend-value").textContent)).toEqual(["Sales", `team-${ACCOUNT}`, "No Department tag"]);
    expect(rows[2]!.dataset.untagged).toBe("true");
    const sales = rows[0]!;
    expect([...within(sales).getByTestId("spend-carriers").querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "profile sales-claude",
      "project Sales chat",
    ]);
    expect(within(sales).getByTestId("spend-total").textContent).toBe("$3.00");
    expect(within(sales).getByTestId("spend-share").textContent).toBe("60.0%");
    expect(within(rows[1]!).getByTestId("spend-carriers").textContent).toContain("No profile or project Outcrop knows");
    expect(within(rows[2]!).getByTestId("spend-share").textContent).toBe("20.0%");
    expect(screen.getByTestId("spend-grand-total").textContent).toBe("$5.00");
    expect(screen.getByTestId("spend-result").querySelector("h2")?.textContent).toBe("Bedrock cost by Department, 2026-11-30 to 2026-12-01");
    expect(screen.getByTestId("spend-services").textContent).toBe("From: Claude Sonnet 4.5 (Amazon Bedrock Edition) $4.00 · Amazon Bedrock $1.00");
    expect(screen.getByTestId("spend-estimated").textContent).toContain("estimate");
    expect(screen.getByTestId("spend-only-bedrock").textContent).toContain("(Amazon Bedrock Edition)");
    // The chart's text alternative holds every figure.
    const label = screen.getByTestId("spend-chart").querySelector("canvas")?.getAttribute("aria-label") ?? "";
    expect(label).toContain("2026-11-30: Sales $1.00, team-");
    expect(label).toContain("2026-12-01: Sales $2.00");
    expect(label).toContain("No Department tag $1.00");
    expect(screen.queryByTestId("spend-why")).toBeNull();
  });

  it("explains, each reason with its figure and source, why no cost carries the tag", async () => {
    const backend = new FakeSpend({ connections: [LOCAL, WORK], activeId: "work" });
    backend.answer = untagged;
    const { user } = await open("work", backend);
    await user.click(query());
    const why = await screen.findByTestId("spend-why");
    expect(why.textContent).toContain("No cost carries the tag Department");
    const reasons = [...why.querySelectorAll("li")];
    expect(reasons.map((r) => r.dataset.reason)).toEqual(["activation", "enabled", "refresh", "since"]);
    expect(reasons[0]!.textContent).toContain("Billing and Cost Management → Cost allocation tags → select Department → Activate");
    expect(reasons[0]!.textContent).toContain("up to 24 hours and is not retroactive");
    expect(reasons[0]!.textContent).toContain("activating-tags.html (as of 2026-12-01)");
    expect(reasons[1]!.textContent).toContain("enabled once");
    expect(reasons[1]!.textContent).toContain("ce-enable.html");
    expect(reasons[2]!.textContent).toContain("at least once every 24 hours");
    expect(reasons[3]!.textContent).toContain("billed from the day they were set");
    expect(screen.getAllByTestId("spend-row").map((r) => within(r).getByTestId("spend-value").textContent)).toEqual(["No Department tag"]);
  });

  it("on Local Bedrock explains untagged cost by where the requests went", async () => {
    const backend = new FakeSpend({ connections: [LOCAL, WORK], activeId: "local" });
    backend.answer = untagged;
    const { user } = await open("local", backend);
    await user.click(query());
    const why = await screen.findByTestId("spend-why");
    expect(within(why).getByTestId("spend-why-local").textContent).toContain("send a turn through a profile or project tagged Department");
    expect(why.querySelectorAll("li")).toHaveLength(0);
  });

  it("shows a bad tag key's rule at the field and keeps what was typed", async () => {
    const { user, backend } = await open();
    await user.clear(tagKeyInput());
    await user.type(tagKeyInput(), "Cost#Centre");
    await user.click(query());
    const error = await waitFor(() => {
      const found = document.querySelector('[data-error-for="tagKey"]');
      expect(found).not.toBeNull();
      return found!;
    });
    expect(error.textContent).toBe("“#” is not allowed in a tag key; use ASCII letters, digits, spaces and . _ : / = + @ -");
    expect(tagKeyInput().value).toBe("Cost#Centre");
    expect(tagKeyInput().getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByTestId("spend-query-error")).toBeNull();
    // Refused before any request: still the first billed query to come.
    expect(screen.getByTestId("spend-charge-notice")).toBeTruthy();
    expect(backend.requests).toBe(0);
    // Once the key is changed, the rule it broke is no longer shown for it.
    await user.type(tagKeyInput(), "s");
    await waitFor(() => expect(document.querySelector('[data-error-for="tagKey"]')).toBeNull());
    await user.type(tagKeyInput(), "{Backspace}");
    expect(document.querySelector('[data-error-for="tagKey"]')).not.toBeNull();
  });

  it("words an AWS failure and keeps the last report", async () => {
    const { user, backend } = await open();
    await user.click(query());
    await screen.findByTestId("spend-result");
    backend.overrides.spend_report = () => {
      throw failure("access_denied", "Access denied", "AccessDeniedException: not authorized", [], {
        kind: "missingIamAction",
        action: "ce:GetCostAndUsage",
        awsMessage: "User is not authorized to perform: ce:GetCostAndUsage",
      });
    };
    await user.click(query());
    const alert = await screen.findByTestId("spend-query-error");
    expect(alert.dataset.code).toBe("access_denied");
    expect(alert.textContent).toContain("Access denied: this identity may not call ce:GetCostAndUsage. Ask your administrator to allow ce:GetCostAndUsage");
    expect(alert.textContent).toContain("Your tag key and period are kept");
    expect(screen.getByTestId("spend-result")).toBeTruthy();
  });

  it("shows the load failure with a retry", async () => {
    const backend = new FakeSpend({ connections: [LOCAL, WORK], activeId: "work" });
    let fail = true;
    backend.overrides.spend_overview = () => {
      if (fail) throw failure("network", "Cost Explorer could not be reached", null, [], { kind: "unreachable", operation: "ListInferenceProfiles" });
      fail = false;
      return { simulated: false, tagKeys: ["Team"], requestsThisSession: 3, facts: FACTS };
    };
    backend.install();
    await connections.load();
    const user = userEvent.setup();
    render(SpendTab);
    const error = await screen.findByTestId("spend-load-error");
    expect(error.textContent).toContain("ListInferenceProfiles could not reach Bedrock");
    fail = false;
    await user.click(screen.getByTestId("spend-retry"));
    await screen.findByTestId("spend-form");
    expect(tagKeyInput().value).toBe("Team");
    // Requests made earlier in the session are counted, and no charge notice is shown again.
    expect(screen.queryByTestId("spend-charge-notice")).toBeNull();
    expect(screen.getByTestId("spend-session-requests").textContent).toBe("3 Cost Explorer requests this session ($0.03).");
  });

  it("loads afresh for another connection", async () => {
    const { user, backend } = await open();
    await user.click(query());
    await screen.findByTestId("spend-result");
    await connections.activate("local");
    await waitFor(() => expect(screen.queryByTestId("spend-local-note")).not.toBeNull());
    expect(screen.queryByTestId("spend-result")).toBeNull();
    expect(backend.commands("spend_overview")).toHaveLength(2);
  });

  it("speaks Japanese", async () => {
    i18n.set("ja");
    const { user } = await open();
    expect(screen.getByTestId("spend-charge-notice").textContent).toContain("リクエスト 1 件ごとに $0.01 を課金");
    expect(query().textContent?.trim()).toBe("Cost Explorer に問い合わせる（$0.01）");
    await user.click(query());
    await screen.findByTestId("spend-result");
    expect(screen.getAllByTestId("spend-value").at(-1)?.textContent).toBe("Department タグなし");
    expect(screen.getAllByTestId("spend-carriers")[0]!.textContent).toContain("プロファイル sales-claude");
    expect(screen.getByTestId("spend-session-requests").textContent).toBe("このセッションの Cost Explorer リクエスト: 1 件（$0.01）");
    const text = screen.getByTestId("spend-tab").textContent ?? "";
    expect(text).not.toMatch(/Query|Carried by|Share|No Department tag|usageSpend\./);
  });

  it("keeps its figures and hides account IDs in presenter mode", async () => {
    const { user } = await open();
    await user.click(query());
    await screen.findByTestId("spend-result");
    presenter.on = true;
    await waitFor(() => expect(screen.getByTestId("spend-tab").textContent).not.toContain(ACCOUNT));
    expect(screen.getAllByTestId("spend-value")[1]!.textContent).toBe("team-••••••••••••");
    expect(screen.getByTestId("spend-grand-total").textContent).toBe("$5.00");
    expect(screen.getByTestId("spend-chart").querySelector("canvas")?.getAttribute("aria-label")).not.toContain(ACCOUNT);
  });
});
