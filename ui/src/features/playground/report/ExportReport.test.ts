import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { i18n } from "../../../lib/i18n/index.svelte";
import { presenter } from "../../../lib/presenter.svelte";
import type { ReportInput, ReportSaved } from "../../../lib/ipc/bindings";
import { fakeIpc } from "../run/test-ipc";
import ExportReport from "./ExportReport.svelte";
import { reportFolder } from "./folder.svelte";

const DEFAULT = "/home/ana/Documents/Outcrop reports";
const INPUT: ReportInput = { kind: "session", title: "Field guide Q&A", generatedAt: "now", redacted: false, groups: [], recommendation: null };

function saved(pdf: ReportSaved["pdf"], folder = DEFAULT): ReportSaved {
  return { folder, html: `${folder}/Field guide Q-A.html`, pdf };
}

beforeEach(() => {
  reportFolder.path = null;
});
afterEach(() => {
  presenter.on = false;
  if (i18n.locale !== "en") i18n.set("en");
});

function show(gather = vi.fn(async (_presenting: boolean) => INPUT as ReportInput | null)) {
  render(ExportReport, { kind: "session", gather, defaultName: () => "Field guide Q&A" });
  return gather;
}

describe("Export report", () => {
  it("offers the default folder and the title, and saves both files there", async () => {
    const sent = fakeIpc({
      report_default_folder: () => DEFAULT,
      report_save: (args) => saved({ outcome: "saved", path: `${args.folder as string}/Field guide Q-A.pdf` }),
    });
    const gather = show();
    await userEvent.click(screen.getByTestId("export-report"));
    await waitFor(() => expect(screen.getByTestId("report-folder").textContent).toBe(DEFAULT));
    expect((screen.getByTestId("report-name") as HTMLInputElement).value).toBe("Field guide Q&A");
    await userEvent.click(screen.getByTestId("report-export"));
    const result = await screen.findByTestId("report-result");
    expect(result.textContent).toContain(`Saved Field guide Q-A.html and Field guide Q-A.pdf in ${DEFAULT}.`);
    expect(result.dataset.pdfPath).toBe(`${DEFAULT}/Field guide Q-A.pdf`);
    expect(result.dataset.htmlPath).toBe(`${DEFAULT}/Field guide Q-A.html`);
    expect(gather).toHaveBeenCalledWith(false);
    const save = sent.find((s) => s.cmd === "report_save")!;
    expect(save.args).toMatchObject({ input: INPUT, folder: DEFAULT, name: "Field guide Q&A" });
    expect((save.args.labels as { lang: string; summary: string })).toMatchObject({ lang: "en", summary: "Summary", kind: "Playground session" });
  });

  it("saves in the folder picked with Change…, and keeps it for the next report", async () => {
    const sent = fakeIpc({
      report_default_folder: () => DEFAULT,
      report_pick_folder: () => "/media/usb/handouts",
      report_save: (args) => saved({ outcome: "saved", path: `${args.folder as string}/x.pdf` }, args.folder as string),
    });
    show();
    await userEvent.click(screen.getByTestId("export-report"));
    await waitFor(() => expect(screen.getByTestId("report-folder").textContent).toBe(DEFAULT));
    await userEvent.click(screen.getByTestId("report-change-folder"));
    await waitFor(() => expect(screen.getByTestId("report-folder").textContent).toBe("/media/usb/handouts"));
    expect(sent.find((s) => s.cmd === "report_pick_folder")!.args).toEqual({ title: "Choose a folder for the report", start: DEFAULT });
    await userEvent.click(screen.getByTestId("report-export"));
    await screen.findByTestId("report-result");
    expect(sent.find((s) => s.cmd === "report_save")!.args.folder).toBe("/media/usb/handouts");
    expect(reportFolder.path).toBe("/media/usb/handouts");
  });

  it("keeps the folder when the picker is cancelled", async () => {
    fakeIpc({ report_default_folder: () => DEFAULT, report_pick_folder: () => null });
    show();
    await userEvent.click(screen.getByTestId("export-report"));
    await waitFor(() => expect(screen.getByTestId("report-folder").textContent).toBe(DEFAULT));
    await userEvent.click(screen.getByTestId("report-change-folder"));
    expect(screen.getByTestId("report-folder").textContent).toBe(DEFAULT);
  });

  it("says in Japanese that the PDF needs Linux when the platform has no printer", async () => {
    i18n.set("ja");
    const sent = fakeIpc({ report_default_folder: () => DEFAULT, report_save: () => saved({ outcome: "unsupported" }) });
    show();
    await userEvent.click(screen.getByTestId("export-report"));
    await waitFor(() => expect(screen.getByTestId("report-folder").textContent).toBe(DEFAULT));
    await userEvent.click(screen.getByRole("button", { name: "書き出す" }));
    const result = await screen.findByTestId("report-result");
    expect(result.textContent).toContain(`Field guide Q-A.html を ${DEFAULT} に保存しました。`);
    expect(screen.getByTestId("report-pdf-note").textContent).toContain("Linux のみ対応");
    expect(result.dataset.pdfPath).toBeUndefined();
    expect((sent.find((s) => s.cmd === "report_save")!.args.labels as { lang: string; summary: string })).toMatchObject({ lang: "ja", summary: "概要" });
  });

  it("words a PDF that failed or took too long, the HTML being saved", async () => {
    let pdf: ReportSaved["pdf"] = { outcome: "failed", detail: "Printer not found" };
    fakeIpc({ report_default_folder: () => DEFAULT, report_save: () => saved(pdf) });
    show();
    await userEvent.click(screen.getByTestId("export-report"));
    await userEvent.click(screen.getByTestId("report-export"));
    expect((await screen.findByTestId("report-pdf-note")).textContent).toBe(
      "The PDF could not be printed: Printer not found. The HTML report is saved; open it and print it from your browser.",
    );
    pdf = { outcome: "timedOut", seconds: 60 };
    await userEvent.click(screen.getByTestId("report-export"));
    await waitFor(() => expect(screen.getByTestId("report-pdf-note").textContent).toContain("within 60 seconds"));
  });

  it("redacts in presenter mode and says so", async () => {
    presenter.on = true;
    fakeIpc({ report_default_folder: () => DEFAULT, report_save: () => saved({ outcome: "saved", path: "/x.pdf" }) });
    const gather = show();
    await userEvent.click(screen.getByTestId("export-report"));
    expect(screen.getByTestId("report-redacted").textContent).toContain("hidden in the report too");
    await userEvent.click(screen.getByTestId("report-export"));
    await screen.findByTestId("report-result");
    expect(gather).toHaveBeenCalledWith(true);
  });

  it("asks for a name rather than saving without one, and keeps what was typed otherwise", async () => {
    const sent = fakeIpc({ report_default_folder: () => DEFAULT });
    show();
    await userEvent.click(screen.getByTestId("export-report"));
    await userEvent.clear(screen.getByTestId("report-name"));
    await userEvent.type(screen.getByTestId("report-name"), "   ");
    await userEvent.click(screen.getByTestId("report-export"));
    expect(screen.getByTestId("report-problem").textContent).toBe("Give the report a file name.");
    expect(sent.some((s) => s.cmd === "report_save")).toBe(false);
  });

  it("says there is nothing to report before a turn, and words a failed save", async () => {
    fakeIpc({
      report_default_folder: () => DEFAULT,
      report_save: () => {
        throw { code: "internal", message: "The report could not be saved to /x.html.", detail: "disk full", fields: [], reason: null };
      },
    });
    const gather = vi.fn(async () => null as ReportInput | null);
    show(gather);
    await userEvent.click(screen.getByTestId("export-report"));
    await userEvent.click(screen.getByTestId("report-export"));
    expect((await screen.findByTestId("report-problem")).textContent).toBe("Nothing to report yet: send a turn first.");
    gather.mockResolvedValue(INPUT);
    await userEvent.click(screen.getByTestId("report-export"));
    const error = await screen.findByTestId("report-error");
    expect(error.textContent).toContain("The report could not be saved: The report could not be saved to /x.html.");
    expect(error.dataset.code).toBe("internal");
  });
});
