import { parseInput } from '../access/app-error';
import {
  type CreatedWorkshop,
  type CreateWorkshopInput,
  createWorkshopSchema,
} from '../contract/http-workshop';
import { deriveJoinToken, generateId, generateToken, hashToken } from '../domain/tokens';
import { refuseUnredacted } from '../model/evidence-redaction';
import type { WorkshopRepository } from '../persistence/workshop-repository';

/** Links into the app, built from the public origin. */
export const links = {
  facilitator: (origin: string, id: string, token: string) => `${origin}/w/${id}#token=${token}`,
  join: (origin: string, id: string, joinToken: string) => `${origin}/join/${id}#token=${joinToken}`,
};

/**
 * Creates a workshop with its facilitator and scenario cards. Tokens travel in the URL fragment,
 * which browsers never send to the server, so they stay out of access logs and Referer headers.
 */
export async function createWorkshop(
  repo: WorkshopRepository,
  body: unknown,
  origin: string,
): Promise<CreatedWorkshop> {
  return insertWorkshop(repo, parseInput(refuseUnredacted(createWorkshopSchema), body), origin);
}

/** Writes a validated workshop; a team's workshop also records which library card each scenario copies. */
export async function insertWorkshop(
  repo: WorkshopRepository,
  input: CreateWorkshopInput,
  origin: string,
  team?: { teamId: string; libraryCardIds: (string | null)[] },
): Promise<CreatedWorkshop> {
  const id = generateId();
  const facilitatorToken = generateToken();
  const joinToken = deriveJoinToken(facilitatorToken);
  await repo.insertWorkshop({
    workshop: {
      id,
      teamId: team?.teamId ?? null,
      title: input.title,
      durationMinutes: input.durationMinutes,
      reflectionMinutes: input.reflectionMinutes,
      joinTokenHash: hashToken(joinToken),
    },
    facilitator: {
      id: generateId(),
      workshopId: id,
      name: input.facilitatorName,
      role: 'facilitator',
      tokenHash: hashToken(facilitatorToken),
    },
    scenarios: input.scenarios.map((scenario, position) => ({
      id: generateId(),
      workshopId: id,
      position,
      libraryCardId: team?.libraryCardIds[position] ?? null,
      title: scenario.title,
      summary: scenario.summary,
      evidence: scenario.evidence,
    })),
  });
  return {
    id,
    facilitatorToken,
    joinToken,
    facilitatorUrl: links.facilitator(origin, id, facilitatorToken),
    joinUrl: links.join(origin, id, joinToken),
  };
}
