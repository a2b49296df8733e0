import type { WorkshopRepository } from '../persistence/workshop-repository';
import { type CreatedWorkshop, createWorkshopSchema } from '../protocol';
import { deriveJoinToken, generateId, generateToken, hashToken } from '../workshop/tokens';
import { parseInput } from './app-error';

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
  const input = parseInput(createWorkshopSchema, body);
  const id = generateId();
  const facilitatorToken = generateToken();
  const joinToken = deriveJoinToken(facilitatorToken);
  await repo.insertWorkshop({
    workshop: {
      id,
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
