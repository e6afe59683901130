// A rule Rust checked (a FieldError's `rule`) in the person's language. Rust's English `message` is used only for
// a code this UI does not know (a newer Rust side), so a Japanese page shows no English sentence Outcrop wrote.
import { formatNumber, t } from "./i18n/index.svelte";
import type { FieldError, PointProblem, Rule, TextProblem } from "./ipc/bindings";
import { en } from "./rule-messages";

const R = "rules";

/** The rules worded by one message of their own (not a group such as `textProblem`). */
type PlainRule = { [K in keyof typeof en]: (typeof en)[K] extends string ? K : never }[keyof typeof en];

function isPlainRule(code: string): code is PlainRule {
  return typeof (en as Record<string, unknown>)[code] === "string";
}

/** A period as people read it: "1 min", "5 min", "1 h", "1 day" (日本語: "1 分", …). */
export function formatPeriod(seconds: number): string {
  if (seconds % 86_400 === 0) return t(`${R}.periods.days`, { count: seconds / 86_400 });
  if (seconds % 3_600 === 0) return t(`${R}.periods.hours`, { count: seconds / 3_600 });
  return t(`${R}.periods.minutes`, { count: Math.round(seconds / 60) });
}

/** Bytes as people read them: "5.0 MB", "812 KB", "90 bytes" (as Rust's `format_bytes`). */
function formatBytes(bytes: number): string {
  if (bytes >= 1_000_000) return `${formatNumber(bytes / 1e6, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`;
  if (bytes >= 1_000) return `${formatNumber(Math.floor(bytes / 1_000))} KB`;
  return `${formatNumber(bytes)} bytes`;
}

function describeTextProblem(problem: TextProblem): string {
  switch (problem.kind) {
    case "startsWithSeparator":
      return t(`${R}.textProblem.startsWithSeparator`, { character: problem.character });
    case "doubledSeparator":
      return t(`${R}.textProblem.doubledSeparator`, { character: problem.character, position: problem.position });
    case "notAllowed":
      return t(`${R}.textProblem.notAllowed`, { character: problem.character, position: problem.position });
  }
}

function describeCachePoint(n: number, problem: PointProblem): string {
  const P = `${R}.cachePoint`;
  switch (problem.kind) {
    case "belowMinimum":
      return t(`${P}.belowMinimum`, { n, tokens: formatNumber(problem.missingTokens) });
    case "ttlNotSupported":
      return t(`${P}.ttlNotSupported`, { n, ttl: problem.ttl });
    case "longerTtlAfterShorter":
      return t(`${P}.longerTtlAfterShorter`, { n });
    case "sectionNotCacheable":
      if (problem.section === "tools") return t(`${P}.sectionNotCacheableTools`, { n });
      return t(`${P}.sectionNotCacheable`, { n, section: t(`${P}.section.${problem.section}`) });
    case "afterReasoning":
      return t(`${P}.afterReasoning`, { n });
    case "beyondLimit":
      return t(`${P}.beyondLimit`, { n, limit: problem.limit });
  }
}

/** The rule in the current language, or `undefined` for a code this UI does not know. */
function worded(rule: Rule): string | undefined {
  switch (rule.code) {
    case "profileNameCharacters":
    case "descriptionCharacters":
      return t(`${R}.${rule.code}`, { problem: describeTextProblem(rule.problem) });
    case "roleOrder":
      return t(`${R}.roleOrder`, { message: rule.message, expected: t(`${R}.role.${rule.expected}`) });
    case "imageTooLarge":
      return t(`${R}.imageTooLarge`, { size: formatBytes(rule.bytes), max: formatBytes(rule.maxBytes) });
    case "imageTooWide":
      return t(`${R}.imageTooWide`, { width: formatNumber(rule.width), height: formatNumber(rule.height), max: formatNumber(rule.max) });
    case "tooManyImagesInRequest":
      return t(`${R}.tooManyImagesInRequest`, { count: formatNumber(rule.count), max: formatNumber(rule.max) });
    case "documentTooLarge":
      return t(`${R}.documentTooLarge`, { size: formatBytes(rule.bytes), max: formatBytes(rule.maxBytes) });
    case "tooManyTags":
    case "tooManyDocuments":
    case "tooManyDocumentsInRequest":
      return t(`${R}.${rule.code}`, { count: formatNumber(rule.count), max: formatNumber(rule.max) });
    case "overContextWindow":
      return t(rule.estimated ? `${R}.overContextWindowEstimated` : `${R}.overContextWindow`, {
        total: formatNumber(rule.totalTokens),
        context: formatNumber(rule.contextTokens),
        largest: formatNumber(rule.largestTokens),
        model: rule.model,
      });
    case "cachePoint":
      return describeCachePoint(rule.point, rule.problem);
    case "apiNotServed":
      return t(rule.instead ? `${R}.apiNotServed` : `${R}.apiNotServedNoOther`, {
        model: rule.model,
        api: t(`${R}.apiNames.${rule.api}`),
        instead: rule.instead ? t(`${R}.apiNames.${rule.instead}`) : "",
      });
    case "apiNotOnMantle":
      return t(rule.onRuntime ? `${R}.apiNotOnMantle` : `${R}.apiNotOnMantleNoOther`, { model: rule.model });
    case "anthropicBodyOnly":
      return t(`${R}.anthropicBodyOnly`, { model: rule.model });
    case "automaticCacheMessagesOnly":
      return t(`${R}.automaticCacheMessagesOnly`, { api: t(`${R}.apiNames.${rule.api}`) });
    case "tierNotOffered":
      return t(`${R}.tierNotOffered`, {
        model: rule.model,
        tier: t(`${R}.tierNames.${rule.tier}`),
        offered: rule.offered.map((tier) => t(`${R}.tierNames.${tier}`)).join(", "),
      });
    case "parameterRefused":
      return t(`${R}.parameterRefused`, { model: rule.model, param: t(`${R}.paramNames.${rule.param}`) });
    case "samplingWithThinking":
      return t(`${R}.samplingWithThinking`, { param: t(`${R}.paramNames.${rule.param}`) });
    case "thinkingNotOffered":
      return rule.offered.length === 0
        ? t(`${R}.thinkingNotOfferedAtAll`, { model: rule.model })
        : t(`${R}.thinkingNotOffered`, {
            model: rule.model,
            mode: t(`${R}.thinkingModes.${rule.mode}`),
            offered: rule.offered.map((mode) => t(`${R}.thinkingModes.${mode}`)).join(", "),
          });
    case "thinkingBudgetNotBelowMaxTokens":
      return rule.maxTokens === null
        ? t(`${R}.thinkingBudgetNoMaxTokens`, { budget: formatNumber(rule.budgetTokens) })
        : t(`${R}.thinkingBudgetNotBelowMaxTokens`, {
            budget: formatNumber(rule.budgetTokens),
            max: formatNumber(rule.maxTokens),
          });
    case "thinkingBudgetTooSmall":
    case "topKRange":
      return t(`${R}.${rule.code}`, { ...("min" in rule ? { min: formatNumber(rule.min) } : { max: formatNumber(rule.max) }) });
    case "whatIfTokens":
    case "whatIfBurstSize":
      return t(`${R}.${rule.code}`, { min: formatNumber(rule.min), max: formatNumber(rule.max) });
    case "usagePeriodForRange":
      return t(`${R}.usagePeriodForRange`, {
        period: formatPeriod(rule.periodSeconds),
        allowed: rule.allowed.map(formatPeriod).join(" / "),
      });
    case "whatIfRate":
      return t(`${R}.whatIfRate`, { max: formatNumber(rule.max) });
    case "whatIfOverContext":
      return t(`${R}.whatIfOverContext`, {
        total: formatNumber(rule.totalTokens),
        context: formatNumber(rule.contextTokens),
        model: rule.model,
      });
    default: {
      // Every other rule's parameters are strings and numbers its message names as they are.
      const { code, ...vars } = rule as { code: string } & Record<string, string | number>;
      return isPlainRule(code) ? t(`${R}.${code}`, vars) : undefined;
    }
  }
}

/** A rule in the current language; `fallback` (Rust's English) for a code this UI does not know. */
export function describeRule(rule: Rule | undefined, fallback: string): string {
  return (rule && worded(rule)) ?? fallback;
}

/** A field error in the current language. */
export function describeFieldError(error: FieldError): string {
  return describeRule(error.rule, error.message);
}
