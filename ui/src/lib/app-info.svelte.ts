// The running app's version, build and data directory, loaded once at start.
import { asOutcropError, call, type OutcropError } from "./ipc";
import type { AppInfo } from "./ipc/bindings";

class AppInfoStore {
  info = $state<AppInfo | null>(null);
  error = $state<OutcropError | null>(null);

  async load(): Promise<void> {
    try {
      this.info = await call("app_info");
      this.error = null;
    } catch (error) {
      this.error = asOutcropError(error, "app_info");
    }
  }

  /** "0.1.0 (debug, 1a2b3c4d5e)" */
  get versionLabel(): string {
    if (!this.info) return "";
    const { version, build } = this.info;
    const parts = [build.profile, build.commit].filter((p): p is string => Boolean(p));
    return `${version} (${parts.join(", ")})`;
  }
}

export const appInfo = new AppInfoStore();
