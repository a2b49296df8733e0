/**
 * Firedrill's words, declared once: zod enums (contract), drizzle columns (db/schema.ts), the update
 * guard and the UI's lists, labels and colours are all derived from these arrays, so adding a wall or
 * a status is one edit here and the type checker finds every place that must say something about it.
 * Browser-safe: no imports at all.
 */

/** The walls of the room, in the order the room shows them. */
export const WALLS = ['crappy', 'awesome', 'actions'] as const;
/** One of the walls. */
export type WallId = (typeof WALLS)[number];
/** The walls whose post-its stay notes in the record (the Actions wall's become actions). */
export const NOTE_WALLS = ['crappy', 'awesome'] as const satisfies readonly WallId[];
/** One of NOTE_WALLS. */
export type NoteWall = (typeof NOTE_WALLS)[number];
/** Each wall's title, on screen and in the Markdown summary. */
export const WALL_TITLES: Record<WallId, string> = {
  crappy: "What's crappy",
  awesome: "What's awesome",
  actions: 'Actions',
};

/** How urgent an action is, most urgent first. */
export const PRIORITIES = ['high', 'medium', 'low'] as const;
/** One of the priorities. */
export type Priority = (typeof PRIORITIES)[number];
/** The priority of an action nobody chose one for. */
export const DEFAULT_PRIORITY: Priority = 'medium';

/** Statuses of an action, in the order the tracker sorts them. */
export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
/** Status of an action. */
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** The statuses of an action still to be done (reviewed in the lobby, reminded when overdue). */
export const OPEN_ACTION_STATUSES = ['open', 'in_progress'] as const satisfies readonly ActionStatus[];
/** Whether an action in `status` is still to be done. */
export const isOpenStatus = (status: ActionStatus): boolean =>
  (OPEN_ACTION_STATUSES as readonly ActionStatus[]).includes(status);
/** How each status reads on screen. */
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

/** Severities of a scenario card, mildest first. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
/** One of the severities. */
export type Severity = (typeof SEVERITIES)[number];
/** The severity of a card nobody chose one for. */
export const DEFAULT_SEVERITY: Severity = 'medium';

/** Where a workshop is, in agenda order. */
export const PHASES = ['lobby', 'draw', 'investigate', 'reflect', 'ended'] as const;
/** One of the phases. */
export type Phase = (typeof PHASES)[number];
/** The phases the facilitator may move the workshop to with `phase:set` (the end has its own command). */
export const SETTABLE_PHASES = [
  'lobby',
  'draw',
  'investigate',
  'reflect',
] as const satisfies readonly Phase[];

/** What an evidence item on a scenario card is. */
export const EVIDENCE_KINDS = ['alert', 'chat', 'log', 'dashboard', 'text', 'image'] as const;
/** One of the evidence kinds. */
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * The Yjs documents of a workshop (see doc-names.ts for their names). `walls`: the post-its and
 * actions, everyone writes; `log`: the scribe's timeline, the scribe and the facilitator write;
 * `state`: phase, hat, turns, timer, votes, written by the server alone.
 */
export const DOC_KINDS = ['walls', 'log', 'state'] as const;
/** One of the document kinds. */
export type DocKind = (typeof DOC_KINDS)[number];

/** Formats a chat webhook can post in. */
export const WEBHOOK_FORMATS = ['slack', 'teams', 'generic'] as const;
/** One of the webhook formats. */
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** The roles a workshop participant row can hold (a guest holds the join link only, no row). */
export const PARTICIPANT_ROLES = ['facilitator', 'participant'] as const;
/** One of the participant roles. */
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/** What a team link admits: the admin changes the team, a member reads it. */
export const TEAM_ROLES = ['admin', 'member'] as const;
/** One of the team roles. */
export type TeamRole = (typeof TEAM_ROLES)[number];

/** How a team's next workshop moves on once one ends. */
export const RECURRENCES = ['monthly', 'none'] as const;
/** One of the recurrences. */
export type Recurrence = (typeof RECURRENCES)[number];
