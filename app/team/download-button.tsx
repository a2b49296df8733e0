'use client';

import { useState } from 'react';
import { downloadFile } from './download';

/** A button that downloads one of the API's files with the bearer token, showing any error beside it. */
export function DownloadButton(props: {
  path: string;
  token: string;
  fallbackName: string;
  label: string;
  accessibleLabel?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={busy}
        aria-label={props.accessibleLabel}
        onClick={async () => {
          setBusy(true);
          setError(await downloadFile(props.path, props.token, props.fallbackName));
          setBusy(false);
        }}
      >
        {props.label}
      </button>
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
