import { type ReactNode, useId } from 'react';

/** A labelled cluster of the facilitator's toolbar ("Clock", "Turns"…), read as a group. */
export function ToolbarGroup({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset's legend cannot sit inline in a wrapping row
    <div className="toolbar-group" role="group" aria-labelledby={id}>
      <span id={id} className="toolbar-label">
        {label}
      </span>
      {children}
    </div>
  );
}
