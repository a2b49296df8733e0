/**
 * Redaction applied to a card's text evidence, in the browser before saving and on the server before
 * storing: a finding is either replaced by its placeholder or listed in the item's `kept` values.
 * Pure, shared by both sides. The wire contract only knows an item's shape: the use cases parse with
 * `refuseUnredacted(schema)`, so whatever the client did, nothing unredacted is stored by mistake.
 */
import type { z } from 'zod';
import { findSecrets, redactTexts } from './redaction';
import { type Finding, SECRET_KIND_NAMES, SECRET_KINDS } from './secret-kinds';

/** The part of an evidence item redaction looks at: its label, and its body unless it is an image. */
export interface RedactableEvidence {
  kind: string;
  label: string;
  body: string;
  /** Values the author chose to keep in this item, as they appear in its body. */
  kept?: string[];
}

/** The texts of an item that redaction reads: the label, and the body unless it is an image's id. */
export const textsOf = (item: RedactableEvidence) =>
  item.kind === 'image' ? [item.label] : [item.label, item.body];

/** Findings in an item's label and text that were neither redacted nor kept. */
export function openFindings(item: RedactableEvidence): Finding[] {
  const kept = new Set(item.kept ?? []);
  return textsOf(item).flatMap((text) => findSecrets(text).filter((finding) => !kept.has(finding.value)));
}

/** "2 e-mail addresses and 1 API key or token", counting distinct values, in the kinds' order. */
export function describeFindings(findings: readonly Finding[]): string {
  const parts = SECRET_KINDS.flatMap((kind) => {
    const values = new Set(findings.filter((f) => f.kind === kind).map((f) => f.value));
    if (values.size === 0) return [];
    const name = SECRET_KIND_NAMES[kind];
    return [`${values.size} ${values.size === 1 ? name : plural(name)}`];
  });
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** An evidence item that still holds open findings: where it is in the value checked, and what it holds. */
export interface UnredactedIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Every evidence item (an entry of any `evidence` array inside `value`, however deep: a card, a
 * workshop's scenarios, a library file's cards) that holds findings neither redacted nor kept.
 */
export function unredactedEvidence(value: unknown, path: (string | number)[] = []): UnredactedIssue[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((child, i) => unredactedEvidence(child, [...path, i]));
  return Object.entries(value).flatMap(([key, child]) => {
    if (key !== 'evidence' || !Array.isArray(child)) return unredactedEvidence(child, [...path, key]);
    return child.flatMap((item: RedactableEvidence, i) => {
      const open = openFindings(item);
      return open.length === 0
        ? []
        : [
            {
              path: [...path, key, i],
              message: `holds ${describeFindings(open)}: redact or keep each one before saving`,
            },
          ];
    });
  });
}

/** `schema`, also refusing every evidence item that holds open findings (an issue at the item's path). */
export function refuseUnredacted<S extends z.ZodType>(schema: S): S {
  return schema.superRefine((value, ctx) => {
    for (const issue of unredactedEvidence(value)) ctx.addIssue({ code: 'custom', ...issue });
  });
}

const plural = (name: string) =>
  name.endsWith('address')
    ? `${name}es`
    : name.endsWith('or token')
      ? `${name.slice(0, -9)}s or tokens`
      : `${name}s`;

/**
 * Replaces open findings in a card's text evidence by their placeholders (the same value the same
 * placeholder across the whole card), leaving kept values; `only` limits it to one value. `kept` is
 * trimmed to values still present.
 */
export function redactEvidence<T extends RedactableEvidence>(
  items: readonly T[],
  only?: string,
): { items: T[]; replaced: number } {
  const keptEverywhere = new Set(items.flatMap((item) => item.kept ?? []));
  const { texts, replaced } = redactTexts(
    items.flatMap(textsOf),
    (value) => keptEverywhere.has(value) || (only !== undefined && value !== only),
  );
  let at = 0;
  const next = items.map((old) => {
    const item = { ...old, label: texts[at++]! };
    if (item.kind !== 'image') item.body = texts[at++]!;
    if (item.kept) {
      const present = new Set(textsOf(item).flatMap((text) => findSecrets(text).map((f) => f.value)));
      item.kept = item.kept.filter((value) => present.has(value));
      if (item.kept.length === 0) delete item.kept;
    }
    return item;
  });
  return { items: next, replaced: replaced.length };
}

/** Marks `value` as kept in every text item of the card that holds it. */
export function keepValue<T extends RedactableEvidence>(items: readonly T[], value: string): T[] {
  return items.map((item) =>
    textsOf(item).some((text) => text.includes(value)) && !item.kept?.includes(value)
      ? { ...item, kept: [...(item.kept ?? []), value] }
      : item,
  );
}

/** Takes `value` off every item's kept list, so it shows as a finding again. */
export function unkeepValue<T extends RedactableEvidence>(items: readonly T[], value: string): T[] {
  return items.map((item) => {
    if (!item.kept?.includes(value)) return item;
    const kept = item.kept.filter((v) => v !== value);
    const { kept: _, ...rest } = item;
    return (kept.length > 0 ? { ...rest, kept } : rest) as T;
  });
}
