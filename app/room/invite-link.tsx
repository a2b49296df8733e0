'use client';

import { useState } from 'react';

/** The join link the facilitator hands out, with a copy button. */
export function InviteLink({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="invite" data-testid="invite">
      <label htmlFor="join-link">Join link for your team</label>
      <input id="join-link" readOnly value={url} onFocus={(event) => event.target.select()} />
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(url).then(() => setCopied(true));
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
