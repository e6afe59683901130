// Every message key `t()` accepts, derived from the English messages each feature registers: a misspelt key is a
// type error (svelte-check), not a key shown on screen. src/lib imports no feature, so each feature's messages.ts
// adds its prefix and English messages to `Registered` (declaration merging, as i18next's own typing does);
// `registerMessages` accepts only a registered prefix with exactly those messages, so the map cannot drift.

/**
 * Each `registerMessages` prefix and the type of the English messages registered under it. Filled in by the
 * features: `declare module "…/lib/i18n/keys" { interface Registered { connections: typeof en } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Registered {}

/** i18next picks `key_one` / `key_other` by `count`; callers name the base `key`. */
type Base<K extends string> = K extends `${infer B}_${"zero" | "one" | "two" | "few" | "many" | "other"}` ? B : K;

/** The dotted paths to the strings of a nested messages object. */
export type PathsOf<T> = {
  [K in keyof T & string]: T[K] extends string ? Base<K> : `${K}.${PathsOf<T[K]>}`;
}[keyof T & string];

/** Every key `t()` accepts: `prefix.path.to.message`. */
export type MessageKey = { [P in keyof Registered]: `${P}.${PathsOf<Registered[P]>}` }[keyof Registered];

/** The keys under `Prefix`, without it: the argument of a helper that words one part of the tree. */
export type SubKey<Prefix extends string> = MessageKey extends infer K
  ? K extends `${Prefix}.${infer Rest}`
    ? Rest
    : never
  : never;
