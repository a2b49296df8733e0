import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { EvidenceItem } from '../server/contract/http-workshop';
import type { WebhookFailure } from '../server/contract/notify';
import {
  ACTION_STATUSES,
  DEFAULT_PRIORITY,
  DEFAULT_SEVERITY,
  EVIDENCE_KINDS,
  NOTE_WALLS,
  PARTICIPANT_ROLES,
  PHASES,
  PRIORITIES,
  RECURRENCES,
  SEVERITIES,
  WEBHOOK_FORMATS,
} from '../server/contract/vocabulary';

/**
 * PostgreSQL bytea. drizzle has no built-in type for it, and the two drivers disagree on the value they
 * return (postgres.js gives a Buffer, PGlite a Uint8Array), so reads are normalised to a plain
 * Uint8Array view of the same bytes.
 */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
});

/** A team: its scenario library, workshops, actions and survey. Two links: admin and member. */
export const teams = pgTable('teams', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** SHA-256 of the admin token (edit everything). */
  adminTokenHash: bytea('admin_token_hash').notNull(),
  /** SHA-256 of the member token (read, answer the survey). */
  memberTokenHash: bytea('member_token_hash').notNull(),
  nextWorkshopAt: timestamp('next_workshop_at', { withTimezone: true }),
  /** 'monthly' moves nextWorkshopAt on by a month when a workshop of the team ends. */
  recurrence: text('recurrence', { enum: RECURRENCES }).notNull().default('monthly'),
  /**
   * How many people the admin expects at the next workshop (two scenarios each); null: assume as many
   * as came to the team's last workshop.
   */
  expectedParticipants: integer('expected_participants'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * The secret in the team's calendar feed URL (random, rotatable by the admin). Kept as is, not
   * hashed: the team page shows the feed URL again, and it opens only the schedule. Null until the
   * feed is first asked for.
   */
  calendarSecret: text('calendar_secret'),
});

/** A card of a team's scenario library; workshops copy the cards they use. */
export const libraryCards = pgTable(
  'library_cards',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    severity: text('severity', { enum: SEVERITIES }).notNull().default(DEFAULT_SEVERITY),
    /** yyyy-mm-dd when it happened; null for a made-up card. */
    happenedOn: text('happened_on'),
    evidence: jsonb('evidence').$type<EvidenceItem[]>().notNull().default(sql`'[]'::jsonb`),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('library_cards_team_idx').on(t.teamId)],
);

/** Uploaded evidence images (PNG, JPEG, WebP), checked by content. */
export const images = pgTable(
  'images',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    mimeType: text('mime_type').notNull(),
    data: bytea('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('images_team_idx').on(t.teamId)],
);

/**
 * Confidence survey results: a count per team, month and score, written once (all five scores in
 * one transaction) when the month has closed with at least three ballots. No row per answer, and no
 * row version that moved with one answer.
 */
export const surveyTallies = pgTable(
  'survey_tallies',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** yyyy-mm */
    month: text('month').notNull(),
    score: integer('score').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [uniqueIndex('survey_tallies_pk').on(t.teamId, t.month, t.score)],
);

/**
 * Who has answered in a month, to allow one answer per person: a hash of the month and the
 * browser's own survey key, unlinkable across months and holding no score.
 */
export const surveyReceipts = pgTable(
  'survey_receipts',
  {
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    month: text('month').notNull(),
    keyHash: bytea('key_hash').notNull(),
  },
  (t) => [uniqueIndex('survey_receipts_pk').on(t.teamId, t.month, t.keyHash)],
);

/**
 * Sealed answers of months still open: the score encrypted (AES-256-GCM, random nonce, bound to the
 * team and month) under a key kept outside the database. Written in a transaction of its own, apart
 * from the receipt; a random id and no time, so nothing orders or dates a ballot. Opened, tallied and
 * deleted in one batch when the month closes.
 */
export const surveyBallots = pgTable(
  'survey_ballots',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** yyyy-mm */
    month: text('month').notNull(),
    /** nonce (12 bytes) ‖ ciphertext (1 byte) ‖ tag (16 bytes) */
    sealed: bytea('sealed').notNull(),
  },
  (t) => [index('survey_ballots_team_idx').on(t.teamId, t.month)],
);

/** A workshop: its plan and the hashes of its two links. */
export const workshops = pgTable('workshops', {
  id: text('id').primaryKey(),
  /** The team it belongs to; null for a quick one-off workshop. */
  teamId: text('team_id').references(() => teams.id, { onDelete: 'set null' }),
  title: text('title').notNull(),
  durationMinutes: integer('duration_minutes').notNull(),
  reflectionMinutes: integer('reflection_minutes').notNull(),
  /** SHA-256 of the join token; the raw token is never stored. */
  joinTokenHash: bytea('join_token_hash').notNull(),
  phase: text('phase', { enum: PHASES }).notNull().default('lobby'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  endedAt: timestamp('ended_at', { withTimezone: true }),
});

/** Everyone admitted to a workshop, the facilitator included; each holds one token (stored hashed). */
export const participants = pgTable(
  'participants',
  {
    id: text('id').primaryKey(),
    workshopId: text('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role', { enum: PARTICIPANT_ROLES }).notNull(),
    tokenHash: bytea('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('participants_token_hash_idx').on(t.tokenHash),
    index('participants_workshop_idx').on(t.workshopId),
  ],
);

/** The scenario cards a workshop was created with, in the order given. */
export const scenarios = pgTable(
  'scenarios',
  {
    id: text('id').primaryKey(),
    workshopId: text('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** The library card it was copied from, for "how often run, and when last". */
    libraryCardId: text('library_card_id'),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    evidence: jsonb('evidence').$type<EvidenceItem[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    index('scenarios_workshop_idx').on(t.workshopId, t.position),
    index('scenarios_library_idx').on(t.libraryCardId),
  ],
);

/**
 * Append-only log of Yjs updates, in arrival order per document. Rows are deleted only once a
 * snapshot covers them (see yjsSnapshots.lastUpdateId): a gap in the log would leave later updates
 * pending forever.
 */
export const yjsUpdates = pgTable(
  'yjs_updates',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    docName: text('doc_name').notNull(),
    data: bytea('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('yjs_updates_doc_idx').on(t.docName, t.id)],
);

/** Compacted state of a Yjs document: every update with id <= lastUpdateId merged into one. */
export const yjsSnapshots = pgTable('yjs_snapshots', {
  docName: text('doc_name').primaryKey(),
  data: bytea('data').notNull(),
  lastUpdateId: bigint('last_update_id', { mode: 'bigint' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/*
 * The record of an ended workshop, written once when the facilitator ends it, so history, the action
 * tracker and exports are plain SQL and never need a Y.Doc loaded.
 */

/** Who drew which card, in draw order. */
export const workshopDraws = pgTable(
  'workshop_draws',
  {
    workshopId: text('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    scenarioId: text('scenario_id').notNull(),
    participantId: text('participant_id').notNull(),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('workshop_draws_pk').on(t.workshopId, t.seq)],
);

/** Each turn at the laptop. */
export const workshopTurns = pgTable(
  'workshop_turns',
  {
    id: text('id').primaryKey(),
    workshopId: text('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    participantId: text('participant_id').notNull(),
    scenarioId: text('scenario_id'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [index('workshop_turns_workshop_idx').on(t.workshopId, t.position)],
);

/** A turn's timeline: the scribe's steps and the evidence reveals, with time since the turn began. */
export const turnEvents = pgTable(
  'turn_events',
  {
    id: text('id').primaryKey(),
    workshopId: text('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    turnId: text('turn_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind', { enum: ['step', 'reveal'] }).notNull(),
    atMs: integer('at_ms').notNull(),
    text: text('text').notNull(),
    /** For reveals: the evidence item's kind and label. */
    evidenceKind: text('evidence_kind', { enum: EVIDENCE_KINDS }),
    label: text('label'),
    authorId: text('author_id'),
  },
  (t) => [index('turn_events_turn_idx').on(t.turnId, t.position)],
);

/** Post-its of the What's crappy and What's awesome walls. */
export const workshopNotes = pgTable(
  'workshop_notes',
  {
    id: text('id').primaryKey(),
    workshopId: text('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    wall: text('wall', { enum: NOTE_WALLS }).notNull(),
    text: text('text').notNull(),
    groupName: text('group_name').notNull().default(''),
    authorId: text('author_id'),
    turnId: text('turn_id'),
    scenarioId: text('scenario_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('workshop_notes_workshop_idx').on(t.workshopId)],
);

/** Actions the team committed to. */
export const actions = pgTable(
  'actions',
  {
    id: text('id').primaryKey(),
    workshopId: text('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    ownerId: text('owner_id'),
    ownerName: text('owner_name'),
    dueDate: text('due_date'),
    priority: text('priority', { enum: PRIORITIES }).notNull().default(DEFAULT_PRIORITY),
    votes: integer('votes').notNull().default(0),
    status: text('status', { enum: ACTION_STATUSES }).notNull().default('open'),
    turnId: text('turn_id'),
    scenarioId: text('scenario_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('actions_workshop_idx').on(t.workshopId), index('actions_status_idx').on(t.status)],
);

/**
 * What happened around a workshop's connections, for the facilitator's connection panel and the
 * support bundle: joins and leaves, refusals, command results, persistence lag samples. Written best
 * effort by server/persistence/event-log.ts (never a token, a note's text or a survey answer), and
 * pruned to the newest rows per workshop and to the last 30 days.
 */
export const workshopEvents = pgTable(
  'workshop_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    workshopId: text('workshop_id')
      .notNull()
      .references(() => workshops.id, { onDelete: 'cascade' }),
    /** When the recording process saw it (not when the batch was written). */
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** `participant.joined`, `command`, `yjs.refused` … (see WorkshopEventName). */
    event: text('event').notNull(),
    participantId: text('participant_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('workshop_events_workshop_idx').on(t.workshopId, t.id),
    index('workshop_events_at_idx').on(t.at),
  ],
);

/**
 * A team's incoming-webhook URLs (chat channels). The URL is a secret: only ever sent to the admin
 * masked, never logged. `teamUrl` is the team's member link, taken from the admin's link when the
 * webhook was added, so messages can link to the team page, the survey and records.
 */
export const teamWebhooks = pgTable(
  'team_webhooks',
  {
    id: text('id').primaryKey(),
    teamId: text('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    format: text('format', { enum: WEBHOOK_FORMATS }).notNull(),
    url: text('url').notNull(),
    teamUrl: text('team_url').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastDeliveredAt: timestamp('last_delivered_at', { withTimezone: true }),
    lastFailure: jsonb('last_failure').$type<WebhookFailure>(),
  },
  (t) => [index('team_webhooks_team_idx').on(t.teamId)],
);

/**
 * Announcements already handed to the queue, by key (`summary:<workshop>`, `overdue:<action>:<day>`,
 * `reminder:<team>:<start>`, `survey:<team>:<month>`): what makes every announcement go out once
 * although scans repeat and jobs may run again.
 */
export const announcements = pgTable('announcements', {
  key: text('key').primaryKey(),
  teamId: text('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The join link of a team's workshop that has not ended, kept only while the team has a webhook so
 * the 15-minute reminder can carry it (the workshop tables keep tokens hashed); deleted at its end.
 */
export const workshopJoinLinks = pgTable('workshop_join_links', {
  workshopId: text('workshop_id')
    .primaryKey()
    .references(() => workshops.id, { onDelete: 'cascade' }),
  teamId: text('team_id')
    .notNull()
    .references(() => teams.id, { onDelete: 'cascade' }),
  url: text('url').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
