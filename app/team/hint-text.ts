import type { CardHint } from '@/server/contract/team';

/** How each card hint reads: its name on a filter button, and the sentence on the card. */
export const HINT_TEXT: Record<CardHint, { name: string; sentence: string }> = {
  'no-evidence': { name: 'No evidence', sentence: 'No evidence: the driver will have nothing to reveal' },
  'never-run': { name: 'Never run', sentence: 'Never run' },
  'recently-run': {
    name: 'Run in the last two workshops',
    sentence: 'Run in the last two workshops: the team may remember it',
  },
};
