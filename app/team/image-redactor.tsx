'use client';

import { type PointerEvent, useEffect, useRef, useState } from 'react';
import { type Box, loadImage, type PendingImage } from './pending-image';

/** A box from two corners, in image pixels. */
const boxBetween = (a: { x: number; y: number }, b: { x: number; y: number }): Box => ({
  x: Math.min(a.x, b.x),
  y: Math.min(a.y, b.y),
  width: Math.abs(a.x - b.x),
  height: Math.abs(a.y - b.y),
});

/**
 * A screenshot waiting to be saved: drag on it to draw black boxes over what must not leave the
 * machine (names, tokens, customer data). What is shown is what will be uploaded.
 */
export function ImageRedactor(props: {
  pending: PendingImage;
  name: string;
  onChange: (boxes: Box[]) => void;
}) {
  const { pending, name, onChange } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [start, setStart] = useState<{ x: number; y: number } | null>(null);
  const [draft, setDraft] = useState<Box | null>(null);

  useEffect(() => {
    let live = true;
    loadImage(pending.url).then(
      (loaded) => live && setImage(loaded),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [pending.url]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || !image) return;
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    context.drawImage(image, 0, 0);
    context.fillStyle = '#000';
    for (const box of pending.boxes) context.fillRect(box.x, box.y, box.width, box.height);
    if (draft) {
      context.strokeStyle = '#e11d48';
      context.lineWidth = Math.max(2, image.naturalWidth / 300);
      context.strokeRect(draft.x, draft.y, draft.width, draft.height);
    }
  }, [image, pending.boxes, draft]);

  const point = (event: PointerEvent<HTMLCanvasElement>) => {
    const canvas = event.currentTarget;
    const rect = canvas.getBoundingClientRect();
    const clamp = (v: number, max: number) => Math.round(Math.min(max, Math.max(0, v)));
    return {
      x: clamp(((event.clientX - rect.left) * canvas.width) / rect.width, canvas.width),
      y: clamp(((event.clientY - rect.top) * canvas.height) / rect.height, canvas.height),
    };
  };

  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  return (
    <div className="image-redactor">
      <p className="muted small" id={`${pending.url}-help`}>
        Drag over anything that must not leave this computer: it is painted black here, before upload. The
        original stays on this computer.
      </p>
      <canvas
        ref={canvasRef}
        className="redactor-canvas"
        role="img"
        aria-label={`${name}: ${pending.boxes.length} redaction ${pending.boxes.length === 1 ? 'box' : 'boxes'}`}
        data-testid="image-redactor"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          setStart(point(event));
        }}
        onPointerMove={(event) => start && setDraft(boxBetween(start, point(event)))}
        onPointerUp={(event) => {
          if (!start) return;
          const box = boxBetween(start, point(event));
          setStart(null);
          setDraft(null);
          if (box.width >= 3 && box.height >= 3) onChange([...pending.boxes, box]);
        }}
      />
      {pending.boxes.length > 0 && (
        <div className="button-row">
          <button type="button" className="link-button" onClick={() => onChange(pending.boxes.slice(0, -1))}>
            Remove the last box on {name}
          </button>
          <button type="button" className="link-button" onClick={() => onChange([])}>
            Remove all boxes on {name}
          </button>
        </div>
      )}
    </div>
  );
}
