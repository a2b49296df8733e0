/** The library as a file: export to JSON or Markdown, and import (redacted and validated whole). */
import { AppError, parseInput } from '../access/app-error';
import { authenticateTeam, authenticateTeamAdmin } from '../access/team-access';
import { libraryToMarkdown, MarkdownFormatError, parseLibraryMarkdown } from '../content/library-markdown';
import { ErrorCode } from '../contract/errors';
import { type LibraryCardInput, type LibraryCardView, libraryFileSchema } from '../contract/team';
import { generateId } from '../domain/tokens';
import type { TeamChanges } from '../live/ports';
import { type RedactableEvidence, redactEvidence, refuseUnredacted } from '../model/evidence-redaction';
import { checkImage } from '../model/image-type';
import type { TeamRepository } from '../persistence/team-repository';
import { checkedCard } from './library';

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
    cards = raw.map((card, i) => withCardIndex(i, () => parseInput(checkedCard, card)));
  } else {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError(ErrorCode.INVALID_JSON, 'The file is not valid JSON.');
    }
    redacted = redactImported((json as { cards?: unknown } | null)?.cards);
    cards = parseInput(refuseUnredacted(libraryFileSchema), json).cards;
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
      const bytes = new Uint8Array(Buffer.from(match?.[2] ?? '', 'base64'));
      const image = checkImage(bytes, match?.[1] ?? null);
      if (!image.ok)
        throw new AppError(ErrorCode.BAD_REQUEST, `Card ${i + 1}: image "${item.label}": ${image.message}`);
      const id = `img_${generateId()}${generateId()}`;
      imageRows.push({ id, teamId, mimeType: image.type, data: bytes });
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
