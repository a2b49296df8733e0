/** The library's cards: list, read, write, duplicate, archive, the starter deck and readiness. */
import { AppError, parseInput } from '../access/app-error';
import { authenticateTeam, authenticateTeamAdmin } from '../access/team-access';
import { STARTER_DECK } from '../content/starter-deck';
import { ErrorCode } from '../contract/errors';
import {
  type AddedStarterDeck,
  archiveCardSchema,
  type LibraryCardInput,
  type LibraryReadiness,
  libraryCardSchema,
} from '../contract/team';
import { summarizeReadiness } from '../domain/library-hints';
import { generateId } from '../domain/tokens';
import type { TeamChanges } from '../live/ports';
import { refuseUnredacted } from '../model/evidence-redaction';
import type { TeamRepository } from '../persistence/team-repository';

/** A library card as the server takes it: nothing unredacted is stored by mistake. */
export const checkedCard = refuseUnredacted(libraryCardSchema);

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

/** One card of the library (archived or not), for its page and its Markdown download. */
export async function readCard(repo: TeamRepository, teamId: string, cardId: string, token: string | null) {
  const card = (await listLibrary(repo, teamId, token, true)).find((c) => c.id === cardId);
  if (!card) throw new AppError(ErrorCode.NOT_FOUND, 'There is no such card.');
  return card;
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
  const card = parseInput(checkedCard, body);
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
  const card = parseInput(checkedCard, body);
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
