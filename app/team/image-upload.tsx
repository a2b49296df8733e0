'use client';

import { type ChangeEvent, useId, useState } from 'react';
import { sendRaw } from './download';

/** Uploads an image for an evidence item and shows its thumbnail; the server checks the bytes. */
export function ImageUpload(props: {
  teamId: string;
  token: string;
  /** The uploaded image's id, '' before an upload. */
  imageId: string;
  label: string;
  onUploaded: (imageId: string) => void;
}) {
  const inputId = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setBusy(true);
    const result = await sendRaw<{ id: string; url: string }>(
      `/api/teams/${props.teamId}/images`,
      props.token,
      file,
      file.type || 'application/octet-stream',
    );
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setError(null);
    props.onUploaded(result.value.id);
  };

  return (
    <div className="image-upload field">
      <label htmlFor={inputId}>{props.label} (PNG, JPEG or WebP, up to 2 MiB)</label>
      <input id={inputId} type="file" accept="image/png,image/jpeg,image/webp" onChange={upload} />
      {busy && <span role="status">Uploading…</span>}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
      {props.imageId && (
        // biome-ignore lint/performance/noImgElement: uploaded evidence is served by our API, not next/image.
        <img className="thumbnail" src={`/api/images/${props.imageId}`} alt={`Uploaded: ${props.label}`} />
      )}
    </div>
  );
}
