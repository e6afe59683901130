// The folder reports go to: Rust's default ("Outcrop reports" in Documents) until the person picks another, then
// that one for every report until Outcrop quits.
import { call } from "../../../lib/ipc";

class ReportFolder {
  path = $state<string | null>(null);

  /** The folder, asking Rust for the default the first time. */
  async ensure(): Promise<string> {
    if (this.path === null) this.path = await call("report_default_folder");
    return this.path;
  }
}

export const reportFolder = new ReportFolder();
