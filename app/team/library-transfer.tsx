'use client';

import { type ChangeEvent, useId, useState } from 'react';
import { sendRaw } from './download';
import { DownloadButton } from './download-button';

/** Imports a deck (JSON library file or Markdown) and exports the library in both formats. */
export function LibraryTransfer(props: {
  teamId: string;
  token: string;
  isAdmin: boolean;
  onImported: () => void;
}) {
  const { teamId, token, isAdmin, onImported } = props;
  const inputId = useId();
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    if (!file) return;
    const isMarkdown = /\.(md|markdown)$/i.test(file.name);
    setMessage({ error: false, text: `Importing ${file.name}…` });
    const result = await sendRaw<{ imported: number; redacted: number }>(
      `/api/teams/${teamId}/library`,
      token,
      await file.text(),
      isMarkdown ? 'text/markdown' : 'application/json',
    );
    input.value = '';
    if (!result.ok)
      return setMessage({ error: true, text: `${file.name} was not imported: ${result.message}` });
    const { imported: n, redacted } = result.value;
    const replaced = redacted
      ? ` ${redacted} likely ${redacted === 1 ? 'secret was' : 'secrets were'} replaced by placeholders: check the evidence.`
      : '';
    setMessage({
      error: false,
      text: `Imported ${n} ${n === 1 ? 'card' : 'cards'} from ${file.name}.${replaced}`,
    });
    onImported();
  };

  return (
    <div className="library-transfer">
      {isAdmin && (
        <div className="field">
          <label htmlFor={inputId}>Import a deck (.json or .md)</label>
          <input id={inputId} type="file" accept=".json,.md,.markdown" onChange={importFile} />
        </div>
      )}
      <div className="button-row">
        <span className="small muted">Export:</span>
        <DownloadButton
          path={`/api/teams/${teamId}/library?format=json`}
          token={token}
          fallbackName="firedrill-library.json"
          label="JSON"
          accessibleLabel="Export the library as JSON"
        />
        <DownloadButton
          path={`/api/teams/${teamId}/library?format=md`}
          token={token}
          fallbackName="firedrill-library.md"
          label="Markdown"
          accessibleLabel="Export the library as Markdown"
        />
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'muted'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
