import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CodeFormat, CopiedCode, CopyRequest } from "../../../lib/ipc/bindings";
import { playground } from "../playground.svelte";
import CopyAsCode from "./CopyAsCode.svelte";
import { PROFILE_TURN, READ_TURN, US_SONNET_37, WRITE_TURN, session } from "./fixtures";
import SessionTotals from "./SessionTotals.svelte";
import { fakeIpc, resetPlayground } from "./test-ipc";
import UsageCharts from "./UsageCharts.svelte";

beforeEach(() => resetPlayground());

describe("SessionTotals", () => {
  it("keeps implicit reads and what they saved apart from the explicit ones", () => {
    const s = session([WRITE_TURN, READ_TURN]);
    s.totals = { ...s.totals, usage: { ...s.totals.usage, implicitReadTokens: 1024 }, implicitSaved: 0.00283 };
    playground.session = s;
    render(SessionTotals);
    expect(screen.getByTestId("totals-implicit").textContent?.replace(/\s+/g, " ").trim()).toBe("Of the reads, implicit 1,024 (saved $0.00283)");
  });

  it("shows no implicit line when nothing was read implicitly", () => {
    playground.session = session([WRITE_TURN, READ_TURN]);
    render(SessionTotals);
    expect(screen.queryByTestId("totals-implicit")).toBeNull();
  });

  it("headlines what caching saved over the session", () => {
    playground.session = session([WRITE_TURN, READ_TURN]);
    render(SessionTotals);
    const headline = screen.getByTestId("session-totals").querySelector(".headline");
    // Without caching $0.020853, with caching $0.0168594: $0.0039936 saved, 19%.
    expect(headline?.textContent).toBe("Saved $0.00399 (19%) over 2 turns");
    expect(screen.getByTestId("session-totals").dataset.tone).toBe("saved");
    expect(screen.getByTestId("totals-cost").textContent).toBe("$0.0169");
    expect(screen.getByTestId("totals-without").textContent).toBe("$0.0209");
  });

  it("calls a first write what it is: the cache primed, what it bought and when it pays off", () => {
    playground.session = session([WRITE_TURN]);
    render(SessionTotals);
    const totals = screen.getByTestId("session-totals");
    expect(totals.dataset.tone).toBe("primed");
    expect(totals.querySelector(".headline")?.textContent).toBe("Cache primed");
    expect(totals.querySelector(".headline")?.classList.contains("lost")).toBe(false);
    expect(screen.getByTestId("totals-primed").textContent).toMatch(
      /^2,048 tokens written to the cache for \$0\.00154 more than plain input\. It pays for itself/,
    );
  });

  it("says plainly, without alarm, when reads have not yet repaid the writes", () => {
    playground.session = session([WRITE_TURN, { ...WRITE_TURN, id: 102, seq: 2, usage: { ...WRITE_TURN.usage!, cacheReadInputTokens: 10 } }]);
    render(SessionTotals);
    const totals = screen.getByTestId("session-totals");
    expect(totals.dataset.tone).toBe("lost");
    expect(totals.querySelector(".headline")?.textContent).toMatch(/^Caching has cost \$0\.00\d+ more so far, over 2 turns$/);
  });
});

describe("UsageCharts", () => {
  // jsdom has no canvas: ChartCanvas then shows only its text alternative.
  beforeEach(() => void vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null));

  it("charts tokens per turn and the cumulative cost, with a text alternative of the figures", () => {
    playground.session = session([WRITE_TURN, READ_TURN, { ...PROFILE_TURN, id: 105, seq: 3 }]);
    render(UsageCharts);
    const tokens = within(screen.getByTestId("chart-tokens")).getByLabelText(/Tokens per turn/);
    expect(tokens.getAttribute("aria-label")).toBe(
      "Tokens per turn: turn 1: 14 uncached, 2,048 written, 0 read, 312 output; " +
        "turn 2: 346 uncached, 0 written, 2,048 read, 187 output; turn 3: no usage",
    );
    const cost = within(screen.getByTestId("chart-cost")).getByLabelText(/Cumulative cost/);
    expect(cost.getAttribute("aria-label")).toContain("after turn 2: $0.0169 with caching, $0.0209 without");
    expect(cost.getAttribute("aria-label")).toContain("after turn 3: $0.0169 with caching, $0.0209 without");
  });
});

describe("CopyAsCode", () => {
  const copied = (code: string, overrides: Partial<CopiedCode> = {}): CopiedCode => ({
    code,
    request: { kind: "lastSent", seq: 2, status: "complete" },
    api: "converse",
    invokeId: US_SONNET_37,
    region: "us-east-1",
    inference: { maxTokens: 512, stopSequences: [] },
    ...overrides,
  });

  it("closes when the open format is picked again, and opens again on the next pick", async () => {
    fakeIpc({ playground_copy_as_code: () => copied("aws bedrock-runtime converse") });
    const open = session();
    playground.session = open;
    playground.draft = structuredClone(open.draft);
    render(CopyAsCode);
    const cli = screen.getByRole("button", { name: "AWS CLI" });
    await userEvent.click(cli);
    await screen.findByTestId("code-output");
    await userEvent.click(cli);
    await waitFor(() => expect(screen.queryByTestId("code-output")).toBeNull());
    expect(cli.getAttribute("aria-pressed")).toBe("false");
    await userEvent.click(cli);
    await screen.findByTestId("code-output");
  });

  it("asks Rust for the session's request in the chosen format and shows it to copy", async () => {
    const sent = fakeIpc({
      playground_copy_as_code: (args) =>
        (args.format as CodeFormat) === "boto3"
          ? copied("import boto3\nclient = boto3.client('bedrock-runtime')")
          : copied("aws bedrock-runtime converse"),
    });
    const open = session();
    playground.session = open;
    playground.draft = structuredClone(open.draft);
    render(CopyAsCode);

    await userEvent.click(screen.getByRole("button", { name: "Python (boto3)" }));
    const code = await screen.findByTestId("code-output");
    expect(code.textContent).toBe("import boto3\nclient = boto3.client('bedrock-runtime')");
    const call = sent.find((s) => s.cmd === "playground_copy_as_code");
    expect(call?.args.format).toBe("boto3");
    const request = call?.args.request as CopyRequest;
    // Rust picks the last request sent from the session, or the draft's next one before any send.
    expect(request.sessionId).toBe(open.id);
    expect(request.draft.modelChoice).toBe(US_SONNET_37);
    expect(request.draft.api).toBe(open.draft.api);
    expect(screen.getByRole("button", { name: "Python (boto3)" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("button", { name: "Copy code" })).toBeTruthy();
    // The screen says which request it is and shows the max tokens the code carries.
    expect(screen.getByTestId("code-source").textContent).toBe("Turn 2 as sent, through Converse · max tokens 512");

    await userEvent.click(screen.getByRole("button", { name: "AWS CLI" }));
    await waitFor(() => expect(screen.getByTestId("code-output").dataset.format).toBe("awsCli"));
    expect(screen.getByTestId("code-output").textContent).toBe("aws bedrock-runtime converse");
  });

  it("offers the Messages API's formats for a request sent through it, and closes a format it does not offer", async () => {
    const sent = fakeIpc({ playground_copy_as_code: () => copied("curl -sS 'https://bedrock-runtime…/anthropic/v1/messages'") });
    const open = session([]);
    playground.session = open;
    playground.draft = { ...structuredClone(open.draft), api: "converse" };
    render(CopyAsCode);
    await userEvent.click(screen.getByRole("button", { name: "AWS CLI" }));
    await screen.findByTestId("code-output");
    playground.draft = { ...playground.draft, api: "messages" };
    await waitFor(() => expect(screen.queryByRole("button", { name: "AWS CLI" })).toBeNull());
    expect(screen.queryByTestId("code-output")).toBeNull();
    const names = [...document.querySelectorAll("[data-testid='copy-as-code'] [data-format]")].map((b) => b.textContent?.trim());
    expect(names).toEqual(["curl (SigV4)", "curl (API key)", "Python (Anthropic SDK)", "TypeScript (Anthropic SDK)", "JSON"]);
    await userEvent.click(screen.getByRole("button", { name: "curl (SigV4)" }));
    await screen.findByTestId("code-output");
    expect(sent.at(-1)?.args.format).toBe("curl");
  });

  it("shows the new last request once another turn has finished", async () => {
    const sent = fakeIpc({ playground_copy_as_code: () => copied("aws bedrock-runtime converse") });
    const open = session([WRITE_TURN]);
    playground.session = open;
    playground.draft = structuredClone(open.draft);
    render(CopyAsCode);
    await userEvent.click(screen.getByRole("button", { name: "AWS CLI" }));
    await screen.findByTestId("code-output");
    const asked = () => sent.filter((s) => s.cmd === "playground_copy_as_code").length;
    expect(asked()).toBe(1);
    playground.session = session([WRITE_TURN, READ_TURN]);
    await waitFor(() => expect(asked()).toBe(2));
    expect(sent.at(-1)?.args.format).toBe("awsCli");
  });

  it("names the next send and its transport before anything was sent", async () => {
    fakeIpc({
      playground_copy_as_code: () =>
        copied("aws bedrock-runtime invoke-model", {
          request: { kind: "nextSend" },
          api: "invokeModel",
          inference: { maxTokens: 1024, temperature: 0.5, stopSequences: ["END"] },
        }),
    });
    playground.session = session([]);
    render(CopyAsCode);
    await userEvent.click(screen.getByRole("button", { name: "AWS CLI" }));
    expect((await screen.findByTestId("code-source")).textContent).toBe(
      "The next send, through InvokeModel (Anthropic body) · max tokens 1024 · temperature 0.5 · stop sequences END",
    );
  });
});
