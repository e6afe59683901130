// Every string the UI shows goes through `t()`. Messages live with their feature (`messages.ts` next to the
// components) in English and Japanese; a feature registers both at import. The language switches at runtime:
// `t()` reads the current locale, so every component re-renders when it changes.
import i18next from "i18next";
import type { MessageKey, Registered } from "./keys";

export type { MessageKey, SubKey } from "./keys";

export type Locale = "en" | "ja";
export const LOCALES: readonly { id: Locale; label: string }[] = [
  { id: "en", label: "English" },
  { id: "ja", label: "日本語" },
];

/**
 * A feature's messages are nested objects of strings with `{{name}}` placeholders. Japanese must have exactly the
 * keys English has (checked by the compiler through this type).
 */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

const STORAGE_KEY = "outcrop.locale";

function initialLocale(): Locale {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === "en" || saved === "ja") return saved;
  } catch {
    // storage unavailable: fall through to the system language
  }
  const system = globalThis.navigator?.language ?? "en";
  return system.toLowerCase().startsWith("ja") ? "ja" : "en";
}

void i18next.init({
  lng: initialLocale(),
  fallbackLng: "en",
  resources: {},
  initAsync: false,
  interpolation: { escapeValue: false }, // Svelte escapes text; HTML is never built from messages
});

class I18n {
  locale = $state<Locale>(i18next.language === "ja" ? "ja" : "en");

  set(locale: Locale): void {
    void i18next.changeLanguage(locale);
    this.locale = locale;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, locale);
    } catch {
      // not remembered; still switched
    }
    if (typeof document !== "undefined") document.documentElement.lang = locale;
  }
}

export const i18n = new I18n();
if (typeof document !== "undefined") document.documentElement.lang = i18n.locale;

/**
 * Registers a feature's messages under `prefix` (keys are then `prefix.key.sub`). The feature first adds
 * `prefix: typeof en` to `Registered` (keys.ts), which is how `t()` knows its keys.
 */
export function registerMessages<P extends keyof Registered>(prefix: P, en: Registered[P], ja: Translation<Registered[P]>): void {
  i18next.addResourceBundle("en", "translation", { [prefix]: en }, true, true);
  i18next.addResourceBundle("ja", "translation", { [prefix]: ja }, true, true);
}

/**
 * The message `key` in the current language, with `{{name}}` placeholders filled from `vars`. `key` is one of the
 * registered English messages (keys.ts), so a misspelt key fails the type check; a key built from a value is typed
 * by that value's union (`models.describe.lifecycle.${status}` with `status: "ACTIVE" | "LEGACY"`).
 */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  void i18n.locale; // a reactive read: components showing this text update when the language changes
  return i18next.t(key, vars ?? {}) as string;
}

/** Numbers, money and times in the current language. */
export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(i18n.locale, options).format(value);
}

/**
 * US dollars, by one rule wherever money is shown (strips, headlines, tables, chart axes): two decimals from
 * ten cents up, otherwise three significant digits (at most six decimals), so a fraction of a cent stays readable:
 * $4.07, $0.40, $0.0183, $0.00505, $0.000375, $0.00.
 */
export function formatUsd(value: number, decimals = usdDecimals(value)): string {
  return new Intl.NumberFormat(i18n.locale, {
    style: "currency",
    currency: "USD",
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/**
 * Money on a chart axis: every tick with the same decimals, as few as tell the ticks apart (at least two):
 * $0.00, $0.02 … $0.10 rather than $0.0200 beside $0.10.
 */
export function formatUsdTick(value: number, ticks: readonly { value: number }[]): string {
  const steps = ticks
    .slice(1)
    .map((tick, i) => Math.abs(tick.value - ticks[i]!.value))
    .filter((step) => step > 0);
  const step = steps.length > 0 ? Math.min(...steps) : Math.abs(value);
  const decimals = step > 0 ? Math.min(6, Math.max(2, Math.ceil(-Math.log10(step) - 1e-9))) : 2;
  return formatUsd(value, decimals);
}

/** How many decimals `formatUsd` shows for `value`. */
export function usdDecimals(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude === 0 || magnitude >= 0.1 || !Number.isFinite(magnitude)) return 2;
  // Three significant digits: the first one sits at decimal -floor(log10(x)).
  const first = -Math.floor(Math.log10(magnitude));
  return Math.min(6, Math.max(2, first + 2));
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${formatNumber(ms / 1000, { maximumFractionDigits: 2 })} s` : `${formatNumber(Math.round(ms))} ms`;
}
