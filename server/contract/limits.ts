/** Limits shared by both sides so the UI can stop a user before the server refuses, and the field they bound. */
import { z } from './zod';

/** Limits shared by both sides so the UI can stop a user before the server refuses. */
export const Limits = {
  titleChars: 120,
  nameChars: 60,
  summaryChars: 2_000,
  evidenceBodyChars: 20_000,
  evidenceItems: 20,
  /** Values an evidence item may keep unredacted, and their length. */
  keptValues: 50,
  keptValueChars: 500,
  scenarios: 100,
  noteChars: 500,
  /** Post-its per workshop, deleted ones included (they can be restored). */
  notesPerWorkshop: 400,
  /** Scribe steps per workshop, deleted ones included. */
  logEntriesPerWorkshop: 600,
  /** Size of one collaborative document (walls or scribe log), as written. */
  docBytes: 4 * 1024 * 1024,
  maxDurationMinutes: 8 * 60,
} as const;

/** A trimmed, non-empty string of at most `max` characters. */
export const trimmed = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
