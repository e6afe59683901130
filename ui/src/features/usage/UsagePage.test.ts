import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { connections } from "../../lib/connections.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import type { DashboardTarget, FieldError, PublishedTarget, UsageFacts, UsageOverview, UsageReport, UsageTarget } from "../../lib/ipc/bindings";
import { navigation } from "../../lib/navigation.svelte";
import { presenter } from "../../lib/presenter.svelte";
import { FakeConnections, LOCAL, WORK, failure } from "../../test-support/fake-connections";
import UsagePage from "./UsagePage.svelte";
import { usage } from "./usage.svelte";

const fact = <T,>(value: T) => ({ value, what: "", source: "https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-runtime-metrics.html", asOf: "2026-12-01", sure: "documented" as const });
const FACTS: UsageFacts = {
  asOf: "2026-12-01",
  note: "",
  costExplorerRequestUsd: fact(0.01),
  costDataDelayHours: fact(24),
  tagActivationDelayHours: fact(24),
  costExplorerEnableDelayHours: fact(24),
  metricsDelayMinutes: fact(1),
  cacheMetricNames: fact(["CacheReadInputTokenCount", "CacheWriteInputTokenCount"]),
  modelIdDimension: fact("as invoked"),
  costExplorerRegion: fact("us-east-1"),
};
const ALL_METRICS = ["CacheReadInputTokenCount", "CacheWriteInputTokenCount", "InputTokenCount", "InvocationLatency", "Invocations", "OutputTokenCount"];

function target(modelId: string, label: string, kind: UsageTarget["kind"], extra: Partial<UsageTarget> = {}): UsageTarget {
  return {
    published: { modelId, metricNames: ALL_METRICS },
    kind,
    label,
    tags: kind === "applicationProfile" ? [{ key: "Department", value: label }] : [],
    listed: true,
    dashboardName: kind === "applicationProfile" ? `BedrockPromptCaching-${label}` : "BedrockPromptCaching",
    ...extra,
  };
}

const START = 1_796_112_000; // 2026-12-01T08:00:00Z
function report(modelId: string, periodSeconds = 300): UsageReport {
  const n = 12;
  const values = (at: Record<number, number>) => Array.from({ length: n }, (_, i) => at[i] ?? null);
  return {
    modelId,
    window: { range: "lastHour", start: START, end: START + n * periodSeconds, periodSeconds },
    periodStarts: Array.from({ length: n }, (_, i) => START + i * periodSeconds),
    series: [
      { kind: "invocations", metricName: "Invocations", values: values({ 0: 1, 11: 2 }), total: 3 },
      { kind: "inputTokens", metricName: "InputTokenCount", values: values({ 0: 20, 11: 40 }), total: 60 },
      { kind: "outputTokens", metricName: "OutputTokenCount", values: values({ 0: 100, 11: 200 }), total: 300 },
      { kind: "cacheReadTokens", metricName: "CacheReadInputTokenCount", values: values({ 11: 6000 }), total: 6000 },
      { kind: "cacheWriteTokens", metricName: "CacheWriteInputTokenCount", values: values({ 0: 3000 }), total: 3000 },
      { kind: "latency", metricName: "InvocationLatency", values: values({ 0: 900, 11: 450 }), total: 600 },
    ],
    hitRate: values({ 0: 0, 11: 6000 / 6040 }),
    hitRateTotal: 6000 / 9060,
    otherMetrics: ["EstimatedTPMQuotaUsage"],
  };
}

class FakeUsage extends FakeConnections {
  targets: UsageTarget[] = [
    target("abc123", "Sales", "applicationProfile"),
    target("def456", "Support", "applicationProfile", { listed: false, published: { modelId: "def456", metricNames: [] } }),
    target("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "US Claude Sonnet 4.5", "systemProfile"),
  ];
  simulated = true;

  usageOverview(): UsageOverview {
    return {
      region: "us-east-1",
      simulated: this.simulated,
      targets: structuredClone(this.targets),
      ranges: [
        { range: "lastHour", periods: [60, 300] },
        { range: "lastDay", periods: [300, 3600] },
        { range: "lastWeek", periods: [3600, 86400] },
      ],
      iamPolicy: JSON.stringify({ Statement: [{ Action: ["cloudwatch:ListMetrics", "cloudwatch:GetMetricData"] }, { Action: ["ce:GetCostAndUsage"] }] }),
      facts: FACTS,
    };
  }

  static nameRule(name: string): FieldError[] {
    const bad = [...name].findIndex((c) => !/[A-Za-z0-9_-]/.test(c));
    if (name === "") return [{ field: "dashboardName", rule: { code: "dashboardNameEmpty" }, message: "Name it" }];
    if (bad >= 0) return [{ field: "dashboardName", rule: { code: "dashboardNameCharacter", character: [...name][bad]!, position: bad + 1 }, message: "bad" }];
    return [];
  }

  protected override handle(cmd: string, args: Record<string, unknown>): unknown {
    if (!cmd.startsWith("usage_") && !cmd.startsWith("spend_")) return super.handle(cmd, args);
    this.sent.push({ cmd, args: structuredClone(args) });
    const override = this.overrides[cmd];
    if (override) return override(args);
    switch (cmd) {
      case "usage_overview":
        return this.usageOverview();
      case "usage_report":
        return report((args.target as PublishedTarget).modelId, args.periodSeconds as number);
      case "usage_dashboard_preview": {
        const errors = FakeUsage.nameRule(args.name as string);
        const targets = args.targets as DashboardTarget[];
        return {
          errors,
          plan: errors.length
            ? null
            : {
                name: args.name,
                region: "us-east-1",
                body: JSON.stringify({ widgets: targets.map((t) => ({ properties: { title: t.label } })) }),
                cli: `aws cloudwatch put-dashboard --region us-east-1 --dashboard-name ${args.name as string} --dashboard-body file://dashboard.json`,
                consoleUrl: `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/${args.name as string}`,
              },
        };
      }
      case "usage_put_dashboard":
        return {
          plan: { name: args.name, region: "us-east-1", body: "{}", cli: "", consoleUrl: "" },
          validationMessages: [],
          consoleUrl: this.simulated ? null : `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/${args.name as string}`,
        };
      case "spend_overview":
        return { simulated: this.simulated, tagKeys: [], requestsThisSession: 0, facts: FACTS };
      default:
        throw `unexpected command ${cmd}`;
    }
  }
}

beforeEach(() => {
  // jsdom draws no canvas: each chart's text alternative stands in.
  vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
  connections.reset();
  usage.connectionId = null;
  usage.overview = null;
  usage.report = null;
  usage.selectedId = null;
  usage.tab = "usage";
  usage.range = "lastHour";
  usage.period = 60;
  navigation.go("usage");
  i18n.set("en");
  presenter.on = false;
});

async function open(backend = new FakeUsage({ connections: [LOCAL, WORK], activeId: "local" })) {
  backend.install();
  const user = userEvent.setup();
  render(UsagePage);
  await screen.findByTestId("usage-totals");
  return { user, backend };
}

describe("Usage & spend: the Usage tab", () => {
  it("lists application profiles first, reads the first one's report and shows its totals and hit rate", async () => {
    const { backend } = await open();
    const options = [...screen.getByTestId<HTMLSelectElement>("usage-target").querySelectorAll("option")].map((o) => o.textContent?.trim());
    expect(options).toEqual(["Sales", "Support (no metrics listed yet)", "US Claude Sonnet 4.5"]);
    const asked = backend.commands("usage_report")[0]!.args;
    expect(asked).toEqual({ target: { modelId: "abc123", metricNames: ALL_METRICS }, range: "lastHour", periodSeconds: 60 });
    expect(screen.getByTestId("usage-total-invocations").textContent).toBe("3");
    expect(screen.getByTestId("usage-total-cacheReadTokens").textContent).toBe("6,000");
    expect(screen.getByTestId("usage-total-hitRate").textContent).toBe("66.2%");
    expect(screen.getByTestId("usage-total-latency").textContent).toBe("600 ms");
    // Not published for this target: shown as unknown, not as zero.
    expect(screen.getByTestId("usage-total-throttles").textContent).toBe("—");
    expect(screen.getByTestId("usage-target-facts").textContent).toContain("Department=Sales");
    expect(screen.getByTestId("usage-other-metrics").textContent).toContain("EstimatedTPMQuotaUsage");
    expect(screen.getByTestId("usage-chart-tokens").querySelector("canvas")?.getAttribute("aria-label")).toContain("read from the cache");
    expect(screen.getByTestId("usage-iam-actions").textContent).toContain("ce:GetCostAndUsage");
  });

  it("changes target, range and granularity, asking again each time", async () => {
    const { user, backend } = await open();
    await user.selectOptions(screen.getByTestId("usage-target"), "def456");
    await waitFor(() => expect(screen.getByTestId("usage-not-listed")).toBeTruthy());
    expect(backend.commands("usage_report").at(-1)!.args.target).toEqual({ modelId: "def456", metricNames: [] });
    await user.selectOptions(screen.getByTestId("usage-range"), "lastWeek");
    await waitFor(() => expect(backend.commands("usage_report").at(-1)!.args).toMatchObject({ range: "lastWeek", periodSeconds: 3600 }));
    const periods = [...screen.getByTestId("usage-period").querySelectorAll("option")].map((o) => o.textContent);
    expect(periods).toEqual(["1 hour", "1 day"]);
    await user.selectOptions(screen.getByTestId("usage-period"), "86400");
    await waitFor(() => expect(backend.commands("usage_report").at(-1)!.args).toMatchObject({ range: "lastWeek", periodSeconds: 86400 }));
  });

  it("creates the dashboard: the name checked as typed, its JSON and command shown first, then where it is", async () => {
    const backend = new FakeUsage({ connections: [LOCAL, WORK], activeId: "local" });
    backend.simulated = false;
    const { user } = await open(backend);
    await user.click(screen.getByTestId("dashboard-open"));
    const form = screen.getByTestId("dashboard-form");
    const name = within(form).getByLabelText("Dashboard name");
    expect((name as HTMLInputElement).value).toBe("BedrockPromptCaching-Sales");
    await user.clear(name);
    await user.type(name, "Sales cache");
    await waitFor(() => expect(form.textContent).toContain("“ ” at position 6 is not allowed"));
    expect((name as HTMLInputElement).value).toBe("Sales cache");
    expect(within(form).getByTestId<HTMLButtonElement>("dashboard-create").disabled).toBe(true);
    await user.clear(name);
    await user.type(name, "BedrockPromptCaching");
    await user.click(within(form).getByTestId("dashboard-scope-all"));
    await waitFor(() => expect(within(form).getByTestId("dashboard-cli").textContent).toContain("--dashboard-name BedrockPromptCaching "));
    const preview = backend.commands("usage_dashboard_preview").at(-1)!.args;
    // Every listed target: the profile without metrics is left out.
    expect((preview.targets as DashboardTarget[]).map((t) => t.label)).toEqual(["Sales", "US Claude Sonnet 4.5"]);
    await waitFor(() => expect(within(form).getByTestId<HTMLButtonElement>("dashboard-create").disabled).toBe(false));
    await user.click(within(form).getByTestId("dashboard-create"));
    await waitFor(() => expect(screen.getByTestId("dashboard-console-url").textContent).toContain("#dashboards/dashboard/BedrockPromptCaching"));
    expect(backend.commands("usage_put_dashboard")[0]!.args.name).toBe("BedrockPromptCaching");
  });

  it("explains a refused dashboard and keeps the name", async () => {
    const backend = new FakeUsage({ connections: [LOCAL, WORK], activeId: "local" });
    backend.overrides.usage_put_dashboard = () => {
      throw failure("access_denied", "denied", null, [], {
        kind: "missingIamAction",
        action: "cloudwatch:PutDashboard",
        awsMessage: "User is not authorized to perform: cloudwatch:PutDashboard",
      });
    };
    const { user } = await open(backend);
    await user.click(screen.getByTestId("dashboard-open"));
    const form = screen.getByTestId("dashboard-form");
    await waitFor(() => expect(within(form).getByTestId<HTMLButtonElement>("dashboard-create").disabled).toBe(false));
    await user.click(within(form).getByTestId("dashboard-create"));
    const error = await within(form).findByTestId("dashboard-error");
    expect(error.textContent).toContain("cloudwatch:PutDashboard");
    expect(within(form).getByLabelText<HTMLInputElement>("Dashboard name").value).toBe("BedrockPromptCaching-Sales");
  });

  it("says why an API-key connection has no usage, in Japanese too", async () => {
    const backend = new FakeUsage({ connections: [LOCAL, WORK], activeId: "local" });
    backend.overrides.usage_overview = () => {
      throw failure("validation", "CloudWatch and Cost Explorer take AWS credentials", null, [
        { field: "connection", rule: { code: "usageNeedsAwsCredentials" }, message: "CloudWatch and Cost Explorer take AWS credentials" },
      ]);
    };
    backend.install();
    render(UsagePage);
    const error = await screen.findByTestId("usage-error");
    expect(error.textContent).toContain("a Bedrock API key works for Bedrock alone");
    i18n.set("ja");
    await waitFor(() => expect(screen.getByTestId("usage-error").textContent).toContain("Bedrock API キーは Bedrock にしか使えません"));
  });

  it("reads in Japanese and in presenter mode", async () => {
    await open();
    i18n.set("ja");
    await waitFor(() => expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("利用状況と費用"));
    expect(screen.getByTestId("usage-totals").textContent).toContain("キャッシュヒット率");
    presenter.on = true;
    await waitFor(() => expect(screen.getByTestId("usage-chart-tokens").querySelector("canvas")).toBeTruthy());
    expect(screen.getByTestId("usage-total-hitRate").textContent).toBe("66.2%");
  });

  it("switches to the Spend tab with the arrow keys", async () => {
    const { user } = await open();
    screen.getByRole("tab", { name: "Usage (CloudWatch)" }).focus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: "Spend (Cost Explorer)" }).getAttribute("aria-selected")).toBe("true");
    expect(await screen.findByTestId("spend-tab")).toBeTruthy();
  });
});
