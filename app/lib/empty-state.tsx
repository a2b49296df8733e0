import type { ReactNode } from 'react';

/**
 * What an empty list shows instead: what is missing and what to do next ("No notes yet: write what
 * hurt above and press Enter"). One look and one test id for every list in the room and team page.
 */
export function EmptyState({ children }: { children: ReactNode }) {
  return (
    <p className="empty-state" data-testid="empty-state">
      {children}
    </p>
  );
}
