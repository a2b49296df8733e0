import { AppError, parseInput } from '../access/app-error';
import { authenticateTeam, authenticateTeamAdmin } from '../access/team-access';
import { libraryToMarkdown, MarkdownFormatError, parseLibraryMarkdown } from '../content/library-markdown';
import { STARTER_DECK } from '../content/starter-deck';
import { ErrorCode } from '../contract/protocol';
import {
  type AddedStarterDeck,
  archiveCardSchema,
  type LibraryCardInput,
  type LibraryCardView,
  type LibraryReadiness,
  libraryCardSchema,
  libraryFileSchema,
} from '../contract/team';
import { summarizeReadiness } from '../domain/library-hints';
import { generateId } from '../domain/tokens';
import type { TeamChanges } from '../live/ports';
import { type RedactableEvidence, redactEvidence } from '../model/evidence-redaction';
import { MAX_IMAGE_BYTES, sniffImageType } from '../model/image-type';
import type { TeamRepository } from '../persistence/team-repository';

/** The library, newest state, with run counts. Archived cards only when asked. */
export async function listLibrary(
  repo: TeamRepository,
  teamId: string,
  token: string | null,
  includeArchived: boolean,
) {
  await authenticateTeam(repo, teamId, token);
  return repo.listCards(teamId, includeArchived);
}

/** An image evidence item's body must name an image uploaded to this team. */
async function checkImages(repo: TeamRepository, teamId: string, card: LibraryCardInput): Promise<void> {
  const ids = card.evidence.filter((e) => e.kind === 'image').map((e) => e.body);
  const known = await repo.existingImageIds(teamId, ids);
  const missing = ids.find((id) => !known.has(id));
  if (missing !== undefined)
    throw new AppError(ErrorCode.BAD_REQUEST, 'An image item refers to an image that was not uploaded.');
}

/** Adds a card to the library. */
export async function createCard(
  repo: TeamRepository,
  changes: TeamChanges,
  teamId: string,
  token: string | null,
  body: unknown,
): Promise<{ id: string }> {
  await authenticateTeamAdmin(repo, teamId, token);
  const card = parseInput(libraryCardSchema, body);
  await checkImages(repo, teamId, card);
  const id = generateId();
  await repo.insertCards([{ id, teamId, ...card }]);
  changes.announce(teamId, ['library']);
  return { id };
}

/** Replaces a card's content. */
export async function updateCard(
  repo: TeamRepository,
  changes: TeamChanges,
  teamId: string,
  cardId: string,
  token: string | null,
  body: unknown,
) {
  await authenticateTeamAdmin(repo, teamId, token);
  const card = parseInput(libraryCardSchema, body);
  await checkImages(repo, teamId, card);
  if (!(await repo.updateCard(teamId, cardId, card)))
    throw new AppError(ErrorCode.NOT_FOUND, 'There is no such card.');
  changes.announce(teamId, ['library']);
}

/** Copies a card ("… (copy)") and returns the copy's id. */
export async function duplicateCard(
  repo: TeamRepository,
  changes: TeamChanges,
  teamId: string,
  cardId: string,
  token: string | null,
) {
  await authenticateTeamAdmin(repo, teamId, token);
  const [card] = await repo.findCards(teamId, [cardId]);
  if (!card) throw new AppError(ErrorCode.NOT_FOUND, 'There is no such card.');
  const id = generateId();
  const { title, summary, tags, severity, happenedOn, evidence } = card;
  await repo.insertCards([
    { id, teamId, title: `${title} (copy)`.slice(0, 120), summary, tags, severity, happenedOn, evidence },
  ]);
  changes.announce(teamId, ['library']);
  return { id };
}

/** Archives (or restores) a card: archived cards leave the builder but keep their history. */
export async function archiveCard(
  repo: TeamRepository,
  changes: TeamChanges,
  teamId: string,
  cardId: string,
  token: string | null,
  body: unknown,
) {
  await authenticateTeamAdmin(repo, teamId, token);
  const { archived } = parseInput(archiveCardSchema, body);
  if (!(await repo.setArchived(teamId, cardId, archived)))
    throw new AppError(ErrorCode.NOT_FOUND, 'There is no such card.');
  changes.announce(teamId, ['library']);
}

/** Stores an uploaded evidence image after checking its bytes are a PNG, JPEG or WebP. */
export async function uploadImage(
  repo: TeamRepository,
  teamId: string,
  token: string | null,
  bytes: Uint8Array,
) {
  await authenticateTeamAdmin(repo, teamId, token);
  if (bytes.byteLength > MAX_IMAGE_BYTES) {
    throw new AppError(
      ErrorCode.PAYLOAD_TOO_LARGE,
      `Images may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB.`,
    );
  }
  const mimeType = sniffImageType(bytes);
  if (!mimeType)
    throw new AppError(
      ErrorCode.BAD_REQUEST,
      'Only PNG, JPEG and WebP images are accepted (checked by content).',
    );
  const id = `img_${generateId()}${generateId()}`;
  await repo.insertImage({ id, teamId, mimeType, data: bytes });
  return { id, url: `/api/images/${id}` };
}

const dataUrl = /^data:(image\/(?:png|jpeg|webp));base64,([A-Za-z0-9+/=]+)$/;

/** The library as a file: JSON (images embedded as data URLs, so it imports anywhere) or Markdown. */
export async function exportLibrary(
  repo: TeamRepository,
  teamId: string,
  token: string | null,
  format: 'json' | 'md',
) {
  await authenticateTeam(repo, teamId, token);
  const cards = await repo.listCards(teamId, false);
  const portable = await Promise.all(cards.map((card) => embedImages(repo, card)));
  if (format === 'md') return libraryToMarkdown(portable);
  return JSON.stringify({ format: 'firedrill-library', version: 1, cards: portable }, null, 2);
}

async function embedImages(repo: TeamRepository, card: LibraryCardView): Promise<LibraryCardInput> {
  const evidence = await Promise.all(
    card.evidence.map(async (item) => {
      if (item.kind !== 'image') return item;
      const image = await repo.findImage(item.body);
      return image
        ? { ...item, body: `data:${image.mimeType};base64,${Buffer.from(image.data).toString('base64')}` }
        : item;
    }),
  );
  const { title, summary, tags, severity, happenedOn } = card;
  return { title, summary, tags, severity, happenedOn, evidence };
}

/**
 * Imports cards from a JSON library file or Markdown. Everything is validated first (cards, embedded
 * images by content); one bad card refuses the whole import and nothing is written.
 */
export async function importLibrary(
  repo: TeamRepository,
  changes: TeamChanges,
  teamId: string,
  token: string | null,
  contentType: string,
  text: string,
) {
  await authenticateTeamAdmin(repo, teamId, token);
  let cards: LibraryCardInput[];
  let redacted = 0;
  if (contentType.includes('markdown')) {
    let raw: unknown[];
    try {
      raw = parseLibraryMarkdown(text);
    } catch (error) {
      if (error instanceof MarkdownFormatError) throw new AppError(ErrorCode.BAD_REQUEST, error.message);
      throw error;
    }
    redacted = redactImported(raw);
    cards = raw.map((card, i) => withCardIndex(i, () => parseInput(libraryCardSchema, card)));
  } else {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError(ErrorCode.INVALID_JSON, 'The file is not valid JSON.');
    }
    redacted = redactImported((json as { cards?: unknown } | null)?.cards);
    cards = parseInput(libraryFileSchema, json).cards;
  }
  if (cards.length === 0) throw new AppError(ErrorCode.BAD_REQUEST, 'The file holds no cards.');
  const imageRows: { id: string; teamId: string; mimeType: string; data: Uint8Array }[] = [];
  const cardRows = cards.map((card, i) => ({
    id: generateId(),
    teamId,
    ...card,
    evidence: card.evidence.map((item) => {
      if (item.kind !== 'image') return item;
      const match = dataUrl.exec(item.body);
      const bytes = match ? new Uint8Array(Buffer.from(match[2]!, 'base64')) : undefined;
      const mimeType = bytes && sniffImageType(bytes);
      if (!bytes || !mimeType || bytes.byteLength > MAX_IMAGE_BYTES) {
        throw new AppError(
          ErrorCode.BAD_REQUEST,
          `Card ${i + 1}: image "${item.label}" is not an embedded PNG, JPEG or WebP up to 2 MiB.`,
        );
      }
      const id = `img_${generateId()}${generateId()}`;
      imageRows.push({ id, teamId, mimeType, data: bytes });
      return { ...item, body: id };
    }),
  }));
  await repo.insertImport(imageRows, cardRows);
  changes.announce(teamId, ['library']);
  return { imported: cardRows.length, redacted };
}

const isRedactable = (item: unknown): item is RedactableEvidence => {
  const { kind, body, kept } = (item ?? {}) as Record<string, unknown>;
  return (
    typeof kind === 'string' &&
    typeof body === 'string' &&
    (kept === undefined || (Array.isArray(kept) && kept.every((v) => typeof v === 'string')))
  );
};

/**
 * A library file's text evidence is redacted on the way in, as the card editor would do it (values
 * the file marks as kept stay); returns how many values were replaced. Malformed cards are left for
 * the schema to explain.
 */
function redactImported(cards: unknown): number {
  if (!Array.isArray(cards)) return 0;
  let replaced = 0;
  for (const card of cards) {
    const holder = card as { evidence?: unknown } | null;
    if (!holder || !Array.isArray(holder.evidence) || !holder.evidence.every(isRedactable)) continue;
    const result = redactEvidence(holder.evidence);
    holder.evidence = result.items;
    replaced += result.replaced;
  }
  return replaced;
}

function withCardIndex<T>(index: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof AppError)
      throw new AppError(error.code, `Card ${index + 1}: ${error.message}`, error.issues);
    throw error;
  }
}

/**
 * Adds the starter deck's scenarios to the library, skipping every one whose title the library
 * already holds (archived cards included), so a second click adds nothing.
 */
export async function addStarterDeck(
  repo: TeamRepository,
  changes: TeamChanges,
  teamId: string,
  token: string | null,
): Promise<AddedStarterDeck> {
  await authenticateTeamAdmin(repo, teamId, token);
  const rows = STARTER_DECK.map((card) => ({ id: generateId(), teamId, ...card }));
  const added = await repo.insertCardsWithNewTitles(teamId, rows);
  if (added > 0) changes.announce(teamId, ['library']);
  return { added, skipped: STARTER_DECK.length - added };
}

/** The library's hints summed up for the next workshop: two ready scenarios per expected person. */
export async function libraryReadiness(
  repo: TeamRepository,
  teamId: string,
  token: string | null,
): Promise<LibraryReadiness> {
  await authenticateTeam(repo, teamId, token);
  const [team, cards, lastWorkshopParticipants, titles] = await Promise.all([
    repo.findTeam(teamId),
    repo.listCards(teamId, false),
    repo.lastWorkshopHeadCount(teamId),
    repo.cardTitles(teamId),
  ]);
  return summarizeReadiness({
    cards,
    teamExpected: team?.expectedParticipants ?? null,
    lastWorkshopParticipants,
    starterDeckAvailable: STARTER_DECK.filter((card) => !titles.has(card.title)).length,
  });
}
