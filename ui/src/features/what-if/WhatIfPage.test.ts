import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import { i18n } from "../../lib/i18n/index.svelte";
import type { FieldError, WhatIfInput } from "../../lib/ipc/bindings";
import { openSession } from "../../lib/open-session.svelte";
import { presenter } from "../../lib/presenter.svelte";
import WhatIfPage from "./WhatIfPage.svelte";
import { MODELS, prefill, result } from "./fixtures";
import { whatIf } from "./what-if.svelte";

interface Sent {
  cmd: string;
  args: Record<string, unknown>;
}

/** A fake Rust side for the page; `compute` answers `what_if`. */
function fake(compute: (input: WhatIfInput) => unknown = () => result(), turns = 4): Sent[] {
  const sent: Sent[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    sent.push({ cmd, args });
    if (cmd === "what_if_models") return MODELS;
    if (cmd === "what_if_prefill") return prefill(turns);
    if (cmd === "what_if") return compute(args.input as WhatIfInput);
    return null;
  });
  return sent;
}

function refusal(fields: FieldError[]) {
  return { code: "validation", message: fields.map((f) => f.message).join(" "), detail: null, fields, reason: null };
}

afterEach(() => {
  i18n.set("en");
  openSession.id = null;
  whatIf.form = null;
  whatIf.prefill = null;
  whatIf.result = null;
  whatIf.fieldErrors = [];
  whatIf.error = null;
});

describe("the What-if page", () => {
  it("starts from the open session's figures and shows each month, saving and break-even with its price entry", async () => {
    openSession.id = "s1";
    const sent = fake();
    render(WhatIfPage);
    const five = await screen.findByTestId("what-if-5m");
    expect(sent.find((s) => s.cmd === "what_if_prefill")?.args).toEqual({ sessionId: "s1" });
    expect(screen.getByTestId("what-if-prefill").textContent).toContain(
      "From this session: model, route, prefix, question, answer, pace (4 turns).",
    );
    expect((screen.getByTestId("what-if-rate") as HTMLInputElement).value).toBe("60");
    expect(screen.getByTestId("what-if-no-cache").textContent).toContain("$1,656.91 a month");
    expect(five.textContent).toContain("$473.44 a month");
    expect(five.textContent).toContain("saves $1,183.47");
    expect(five.textContent).toContain("Cache writes: 1 · reads: 43,833");
    expect(screen.getByTestId("what-if-5m-break-even").textContent).toBe("Cheaper from a pace of 12 an hour");
    expect(screen.getByTestId("what-if-1h-break-even").textContent).toBe("Cheaper from a pace of 1 an hour");
    // Every figure names the price entry, its row and date; the source is shown in full.
    expect(five.textContent).toContain("anthropic.claude-sonnet-4-6 · its one row · 2026-12-01");
    expect(five.querySelector(".priced")?.getAttribute("title")).toBe("https://aws.amazon.com/bedrock/pricing/");
    expect(screen.getByTestId("what-if-sources").textContent).toContain("Priced by anthropic.claude-sonnet-4-6 (its one row), checked 2026-12-01");
    expect(screen.getByTestId("what-if-sources").textContent).toContain("Source: https://aws.amazon.com/bedrock/pricing/");
    // The chart says in words what it draws, today's traffic included.
    const chart = screen.getByTestId("what-if-chart").querySelector("canvas");
    expect(chart?.getAttribute("aria-label")).toContain("your traffic at 60 an hour");
  });

  it("keeps a bad input as typed and shows the rule it breaks under it", async () => {
    const rule: FieldError = {
      field: "prefixTokens",
      rule: { code: "whatIfTokens", min: 1, max: 10_000_000 },
      message: "Enter a whole number of tokens from 1 to 10000000.",
    };
    const sent = fake((input) => {
      if (input.prefixTokens !== null && input.prefixTokens < 1) throw refusal([rule]);
      return result();
    });
    render(WhatIfPage);
    const prefix = (await screen.findByTestId("what-if-prefix")) as HTMLInputElement;
    await screen.findByTestId("what-if-5m");
    await userEvent.clear(prefix);
    await userEvent.type(prefix, "-5");
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Enter a whole number of tokens from 1 to 10,000,000."));
    expect(prefix.value).toBe("-5");
    expect(prefix.getAttribute("aria-invalid")).toBe("true");
    const last = sent.filter((s) => s.cmd === "what_if").at(-1)!;
    expect((last.args.input as WhatIfInput).prefixTokens).toBe(-5);
  });

  it("sends a blank box as no number, and bursts with their size", async () => {
    const sent = fake();
    render(WhatIfPage);
    await screen.findByTestId("what-if-5m");
    await userEvent.selectOptions(screen.getByTestId("what-if-spread"), "bursts");
    const size = await screen.findByTestId("what-if-burst-size");
    await userEvent.clear(size);
    await userEvent.type(size, "5");
    await userEvent.clear(screen.getByTestId("what-if-question"));
    await waitFor(() => {
      const input = sent.filter((s) => s.cmd === "what_if").at(-1)!.args.input as WhatIfInput;
      expect(input.spread).toEqual({ kind: "bursts", size: 5 });
      expect(input.questionTokens).toBeNull();
    });
  });

  it("goes back to the session's figures", async () => {
    const sent = fake();
    render(WhatIfPage);
    const rate = (await screen.findByTestId("what-if-rate")) as HTMLInputElement;
    await userEvent.clear(rate);
    await userEvent.type(rate, "5");
    await userEvent.click(screen.getByTestId("what-if-reset"));
    await waitFor(() => expect(rate.value).toBe("60"));
    expect(sent.filter((s) => s.cmd === "what_if_prefill")).toHaveLength(2);
  });

  it("keeps what was typed when the page is left and opened again", async () => {
    const sent = fake();
    const first = render(WhatIfPage);
    const rate = (await screen.findByTestId("what-if-rate")) as HTMLInputElement;
    await userEvent.clear(rate);
    await userEvent.type(rate, "7");
    first.unmount();
    render(WhatIfPage);
    await waitFor(() => expect((screen.getByTestId("what-if-rate") as HTMLInputElement).value).toBe("7"));
    expect(sent.filter((s) => s.cmd === "what_if_prefill")).toHaveLength(1);
  });

  it("falls back to the latest session when the open one is gone, and says when there are no turns", async () => {
    openSession.id = "deleted";
    const asked: unknown[] = [];
    mockIPC((cmd, payload) => {
      const args = (payload ?? {}) as { sessionId?: string | null };
      if (cmd === "what_if_models") return MODELS;
      if (cmd === "what_if_prefill") {
        asked.push(args.sessionId);
        if (args.sessionId === "deleted") throw { code: "not_found", message: "No such session.", detail: null, fields: [], reason: null };
        return prefill(0);
      }
      if (cmd === "what_if") return result();
      return null;
    });
    render(WhatIfPage);
    expect((await screen.findByTestId("what-if-prefill")).textContent).toContain("No turns in the playground yet");
    expect(asked).toEqual(["deleted", null]);
  });

  it("says when a TTL caches nothing or is not offered", async () => {
    fake(() =>
      result({
        fiveMinutes: { ...result().fiveMinutes, status: { kind: "belowFloor", floor: 2048, prefixTokens: 1500 }, saved: 0, breakEven: { kind: "never" } },
        oneHour: { ttl: "1h", status: { kind: "notOffered" }, monthly: null, saved: null, breakEven: null },
      }),
    );
    render(WhatIfPage);
    const five = await screen.findByTestId("what-if-5m");
    expect(five.textContent).toContain("Caches nothing: the prefix (1,500 tokens) is below the model's minimum of 2,048 tokens");
    expect(five.textContent).toContain("Never cheaper");
    expect(five.textContent).not.toContain("saves");
    expect(screen.getByTestId("what-if-1h").textContent).toContain("This model has no 1-hour TTL cache.");
  });

  it("reads in Japanese: figures, break-even, price entry and a broken rule", async () => {
    i18n.set("ja");
    fake((input) => {
      if (input.requestsPerHour === 0)
        throw refusal([{ field: "requestsPerHour", rule: { code: "whatIfRate", max: 1_000_000 }, message: "Enter requests per hour above 0." }]);
      return result({ billing: { ...result().billing, tier: "reserved" }, tierPriceUnknown: true });
    });
    render(WhatIfPage);
    expect(await screen.findByRole("heading", { level: 1 })).toHaveProperty("textContent", "コスト試算: 想定トラフィックでのキャッシュ");
    const five = await screen.findByTestId("what-if-5m");
    expect(five.textContent).toContain("$473.44 ／月");
    expect(five.textContent).toContain("$1,183.47 の節約");
    expect(screen.getByTestId("what-if-5m-break-even").textContent).toBe("1 時間あたり 12 リクエスト以上で安くなる");
    expect(screen.getByTestId("what-if-sources").textContent).toContain("anthropic.claude-sonnet-4-6（共通の行）の料金、確認日 2026-12-01");
    expect(screen.getByTestId("what-if-sources").textContent).toContain("Reserved 階層の料金は公開されていないため");
    expect(screen.getByTestId("what-if-prefill").textContent).toContain("このセッションから: モデル、経路、プレフィックス");
    const rate = screen.getByTestId("what-if-rate") as HTMLInputElement;
    await userEvent.clear(rate);
    await userEvent.type(rate, "0");
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe("1 時間あたりのリクエスト数は 0 より大きく 1,000,000 以下で入力してください。"),
    );
    // No English sentence Outcrop wrote: the labels of every input are Japanese too.
    const inputs = screen.getByTestId("what-if-inputs").textContent ?? "";
    expect(inputs).not.toMatch(/Requests per hour|Prefix|Spread|Model/);
  });

  it("keeps its figures in presenter mode", async () => {
    presenter.on = true;
    fake();
    render(WhatIfPage);
    expect((await screen.findByTestId("what-if-5m")).textContent).toContain("$473.44 a month");
    expect(screen.getByTestId("what-if-no-cache").textContent).toContain("$1,656.91");
  });
});
