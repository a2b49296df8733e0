/**
 * The workshop's HTTP boundary: create, join, read a running workshop and the record of an ended one.
 * Evidence is refused unredacted by the use cases (server/model/evidence-redaction.ts), not here: the
 * wire contract knows the shape, the model knows what a secret looks like.
 */

import { Limits, trimmed } from './limits';
import {
  type ActionStatus,
  EVIDENCE_KINDS,
  type EvidenceKind,
  type NoteWall,
  type ParticipantRole,
  type Phase,
  type Priority,
} from './vocabulary';
import { z } from './zod';

/** An evidence item on the back of a scenario card. */
export const evidenceSchema = z.object({
  kind: z.enum(EVIDENCE_KINDS),
  label: trimmed(Limits.titleChars),
  body: z.string().max(Limits.evidenceBodyChars),
  /** Values the secret scanner found that the author chose to keep. */
  kept: z.array(z.string().min(1).max(Limits.keptValueChars)).max(Limits.keptValues).optional(),
});
/** One evidence item on the back of a scenario card, as stored and served. */
export type EvidenceItem = z.infer<typeof evidenceSchema>;

/** A scenario card as given when a workshop is created. */
export const scenarioInputSchema = z.object({
  title: trimmed(Limits.titleChars),
  summary: z.string().trim().max(Limits.summaryChars),
  evidence: z.array(evidenceSchema).max(Limits.evidenceItems).default([]),
});

/** POST /api/workshops */
export const createWorkshopSchema = z
  .object({
    title: trimmed(Limits.titleChars),
    durationMinutes: z.number().int().min(5).max(Limits.maxDurationMinutes).default(60),
    reflectionMinutes: z.number().int().min(0).max(Limits.maxDurationMinutes).default(15),
    facilitatorName: trimmed(Limits.nameChars).default('Facilitator'),
    scenarios: z.array(scenarioInputSchema).max(Limits.scenarios).default([]),
  })
  .refine((w) => w.reflectionMinutes < w.durationMinutes, {
    message: 'the reflection reserve must be shorter than the workshop',
    path: ['reflectionMinutes'],
  });
/** A validated create-workshop request. */
export type CreateWorkshopInput = z.infer<typeof createWorkshopSchema>;

/** POST /api/workshops/<id>/participants */
export const joinWorkshopSchema = z.object({
  name: trimmed(Limits.nameChars),
  joinToken: z.string().min(1).max(200),
});

/** The answer to a successful POST /api/workshops. */
export interface CreatedWorkshop {
  id: string;
  facilitatorToken: string;
  joinToken: string;
  facilitatorUrl: string;
  joinUrl: string;
}

/** The answer to a successful POST /api/workshops/<id>/participants. */
export interface JoinedWorkshop {
  participantId: string;
  participantToken: string;
}

/** Roles a token can carry. */
export type Role = ParticipantRole | 'guest';

/** The workshop record served by GET /api/workshops/<id>. */
export interface WorkshopRecord {
  id: string;
  title: string;
  durationMinutes: number;
  reflectionMinutes: number;
  phase: Phase;
  createdAt: string;
  endedAt: string | null;
  scenarios: { id: string; title: string; summary: string; evidence: EvidenceItem[] }[];
  participants: { id: string; name: string; role: ParticipantRole }[];
  /** Who the presented token belongs to. */
  you: { role: Role; participantId: string | null; name: string | null };
  /** Only for the facilitator: the join link to share. */
  joinUrl?: string;
}

/** The read-only record of an ended workshop, served from SQL. */
export interface WorkshopSummary {
  id: string;
  /** The team the workshop belongs to, for its survey; null for a one-off. */
  teamId: string | null;
  title: string;
  createdAt: string;
  endedAt: string | null;
  participants: { id: string; name: string }[];
  draws: { seq: number; scenarioTitle: string; participantName: string }[];
  turns: {
    id: string;
    position: number;
    participantName: string;
    scenario: { id: string; title: string; summary: string } | null;
    startedAt: string;
    endedAt: string | null;
    events: {
      kind: 'step' | 'reveal';
      atMs: number;
      text: string;
      label: string | null;
      evidenceKind: EvidenceKind | null;
      authorName: string | null;
    }[];
  }[];
  notes: {
    id: string;
    wall: NoteWall;
    text: string;
    group: string;
    authorName: string | null;
    scenarioTitle: string | null;
  }[];
  actions: {
    id: string;
    text: string;
    ownerName: string | null;
    dueDate: string | null;
    priority: Priority;
    votes: number;
    status: ActionStatus;
    scenarioTitle: string | null;
  }[];
}
