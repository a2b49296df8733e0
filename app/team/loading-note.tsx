/** Shown in a section until its data arrived, so an empty list is never mistaken for "nothing". */
export function LoadingNote({ what }: { what: string }) {
  return (
    <p className="muted small" role="status">
      Loading {what}…
    </p>
  );
}
