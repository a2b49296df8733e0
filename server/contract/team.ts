/**
 * The team's side of the wire contract: teams, the scenario library, the action tracker and the
 * confidence survey. Shared by server and browser (zod only, no Node or database imports).
 */

import { evidenceSchema } from './http-workshop';
import { Limits, trimmed } from './limits';
import {
  ACTION_STATUSES,
  type ActionStatus,
  DEFAULT_SEVERITY,
  type Priority,
  RECURRENCES,
  type Recurrence,
  SEVERITIES,
  type TeamRole,
} from './vocabulary';
import { z } from './zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-30');

/** Most people a team may expect at one workshop (the product's teams are 3 to 15). */
export const MAX_EXPECTED_PARTICIPANTS = 50;

/** POST /api/teams */
export const createTeamSchema = z.object({ name: trimmed(Limits.titleChars) }).strict();

/** PATCH /api/teams/<id> */
export const updateTeamSchema = z
  .object({
    name: trimmed(Limits.titleChars).optional(),
    nextWorkshopAt: z.iso.datetime({ offset: true }).nullable().optional(),
    recurrence: z.enum(RECURRENCES).optional(),
    /** null: assume as many people as came to the last workshop. */
    expectedParticipants: z.number().int().min(1).max(MAX_EXPECTED_PARTICIPANTS).nullable().optional(),
  })
  .strict();

/** A library card as written or imported. An image item's body is the id of an uploaded image. */
export const libraryCardSchema = z
  .object({
    title: trimmed(Limits.titleChars),
    summary: z.string().trim().max(Limits.summaryChars).default(''),
    tags: z.array(trimmed(40)).max(20).default([]),
    severity: z.enum(SEVERITIES).default(DEFAULT_SEVERITY),
    happenedOn: isoDate.nullable().default(null),
    evidence: z.array(evidenceSchema).max(Limits.evidenceItems).default([]),
  })
  .strict();
/** A validated library card. */
export type LibraryCardInput = z.infer<typeof libraryCardSchema>;

/** The JSON library format (export and import). */
export const libraryFileSchema = z.object({
  format: z.literal('firedrill-library'),
  version: z.literal(1),
  cards: z.array(libraryCardSchema).max(500),
});

/** POST /api/teams/<id>/cards/<cardId>/archive */
export const archiveCardSchema = z.object({ archived: z.boolean() }).strict();

/** POST /api/teams/<id>/workshops: a workshop built from library cards. */
export const teamWorkshopSchema = z
  .object({
    title: trimmed(Limits.titleChars),
    cardIds: z.array(z.string().min(1).max(64)).max(Limits.scenarios),
    durationMinutes: z.number().int().min(5).max(Limits.maxDurationMinutes).default(60),
    reflectionMinutes: z.number().int().min(0).max(Limits.maxDurationMinutes).default(15),
    facilitatorName: trimmed(Limits.nameChars).default('Facilitator'),
  })
  .strict()
  .refine((w) => w.reflectionMinutes < w.durationMinutes, {
    message: 'the reflection reserve must be shorter than the workshop',
    path: ['reflectionMinutes'],
  });

/** PATCH /api/teams/<id>/actions/<actionId> */
export const updateActionSchema = z
  .object({
    status: z.enum(ACTION_STATUSES).optional(),
    text: trimmed(Limits.noteChars).optional(),
    ownerName: trimmed(Limits.nameChars).nullable().optional(),
    dueDate: isoDate.nullable().optional(),
  })
  .strict();

/** POST /api/teams/<id>/survey. `surveyKey` is a random key the browser keeps, never sent twice a month. */
export const surveyAnswerSchema = z
  .object({ score: z.number().int().min(1).max(5), surveyKey: z.string().min(16).max(128) })
  .strict();

/** Fewest ballots a closed month needs before its results are opened and shown. */
export const SURVEY_MIN_ANSWERS = 3;

/** The answer to a successful POST /api/teams. */
export interface CreatedTeam {
  id: string;
  adminToken: string;
  memberToken: string;
  adminUrl: string;
  memberUrl: string;
}

/** GET /api/teams/<id> */
export interface TeamView {
  id: string;
  name: string;
  role: TeamRole;
  nextWorkshopAt: string | null;
  recurrence: Recurrence;
  /** People the admin expects at the next workshop; null when not set. */
  expectedParticipants: number | null;
  /** Only for the admin: the member link to share. */
  memberUrl?: string;
}

/**
 * What a tech lead preparing the next workshop should know about a card: it has no evidence to
 * reveal, it was never run, or it was run in one of the team's last two ended workshops (the team
 * may remember it).
 */
export const CARD_HINTS = ['no-evidence', 'never-run', 'recently-run'] as const;
/** One of CARD_HINTS. */
export type CardHint = (typeof CARD_HINTS)[number];

/** A library card with how often and when it was last run, and its preparation hints. */
export interface LibraryCardView extends LibraryCardInput {
  id: string;
  archived: boolean;
  runCount: number;
  lastRunAt: string | null;
  /** In CARD_HINTS order. */
  hints: CardHint[];
  updatedAt: string;
}

/** GET /api/teams/<id>/library/readiness: is the library ready for the next workshop? */
export interface LibraryReadiness {
  /** Cards in the library, archived ones left out (as everywhere below). */
  cards: number;
  /** How many cards carry each hint. */
  hintCounts: Record<CardHint, number>;
  /** People expected at the next workshop; null when neither set nor known from a past workshop. */
  expectedParticipants: number | null;
  /** Where that number comes from: the admin set it, or the team's last ended workshop. */
  expectedFrom: 'team' | 'last-workshop' | null;
  /** Two per expected person; null when nobody is expected yet. */
  scenariosNeeded: number | null;
  /** Cards with evidence that were not run in the last two workshops. */
  ready: number;
  /** How many more to write to reach `scenariosNeeded` (0 when enough); null without a need. */
  toWrite: number | null;
  /** Starter deck scenarios not yet in the library (by title, archived cards included). */
  starterDeckAvailable: number;
}

/** POST /api/teams/<id>/starter-deck: how many starter cards were added (the rest were there). */
export interface AddedStarterDeck {
  added: number;
  skipped: number;
}

/** An action in the tracker. */
export interface ActionView {
  id: string;
  text: string;
  ownerName: string | null;
  dueDate: string | null;
  priority: Priority;
  votes: number;
  status: ActionStatus;
  workshopId: string;
  workshopTitle: string;
  scenarioTitle: string | null;
  createdAt: string;
}

/** A workshop in the team's list. */
export interface TeamWorkshopView {
  id: string;
  title: string;
  createdAt: string;
  endedAt: string | null;
  participantCount: number;
  actionCount: number;
}

/** One month of the confidence survey, beside the action completion rate of that month. */
export interface SurveyMonth {
  month: string;
  /** The month has not ended yet: its answers stay sealed. */
  isOpen: boolean;
  /**
   * How many answered (their receipts, which hold no score). It moves with each answer, but no score
   * does: scores are opened only in one batch at the close, so the moment someone answered tells
   * nothing of what they answered.
   */
  answers: number;
  /** Hidden while the month is open, and for good when it closed with fewer than SURVEY_MIN_ANSWERS. */
  hidden: boolean;
  /** Count per score 1..5 (index 0 = score 1); null while hidden. */
  distribution: number[] | null;
  mean: number | null;
  /** Share of the actions created that month that are done now, 0..1; null without actions. */
  actionCompletionRate: number | null;
}

/*
 * The live team page: after each change to a team the server names what changed (never the content)
 * to every open page of the team, and each page refetches through the API what reads it.
 */

/** What can change in a team: its name and schedule, library, workshops, action tracker and survey. */
export const TEAM_TOPICS = ['team', 'library', 'workshops', 'actions', 'survey'] as const;
/** One kind of team change. */
export type TeamTopic = (typeof TEAM_TOPICS)[number];

/** The socket.io namespace of live team pages (workshop rooms use the default one). */
export const TEAM_NAMESPACE = '/team';

/** The auth payload of a team page's socket.io connection: the admin or member token. */
export const teamSocketAuthSchema = z
  .object({ teamId: z.string().min(1).max(64), token: z.string().min(1).max(200) })
  .strict();

/** What the server pushes after a team changed: the topics only. */
export const teamChangeSchema = z
  .object({ topics: z.array(z.enum(TEAM_TOPICS)).min(1).max(TEAM_TOPICS.length) })
  .strict();
/** A validated team change. */
export type TeamChange = z.infer<typeof teamChangeSchema>;

/** Events the server sends on the team namespace; the page sends none. */
export interface TeamServerToClientEvents {
  'team:changed': (change: TeamChange) => void;
}

/**
 * What each team resource (`GET /api/teams/<id>/<resource>`, '' for the team itself) is built from,
 * so a page refetches a resource only when one of these changed.
 */
const resourceTopics = new Map<string, readonly TeamTopic[]>([
  ['', ['team']],
  // Run counts and hints come from ended workshops.
  ['cards', ['library', 'workshops']],
  ['suggestions', ['library', 'workshops']],
  ['library', ['library']],
  // Two scenarios per person expected: the team's expected head count, or the last workshop's.
  ['library/readiness', ['team', 'library', 'workshops']],
  // The next date, and each workshop's participant and action counts.
  ['workshops', ['team', 'workshops']],
  ['actions', ['actions']],
  // The action completion rate sits beside each month.
  ['survey', ['survey', 'actions']],
]);

const teamPath = /^\/api\/teams\/[^/?#]+(?:\/([^?#]*?))?\/?(?:[?#]|$)/;

/**
 * The topics a path reads: none outside the team API, and every topic for a team resource the table
 * does not know (a refetch too many beats a section left stale).
 */
export function topicsOfPath(path: string): readonly TeamTopic[] {
  const match = teamPath.exec(path);
  if (!match) return [];
  return resourceTopics.get(match[1] ?? '') ?? TEAM_TOPICS;
}
