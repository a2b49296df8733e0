import * as decoding from 'lib0/decoding';

/** How held updates are judged again and let go. */
export interface HeldUpdatesOptions {
  /** More than this many bytes held closes the connection (`tooMany`). */
  maxBytes: number;
  /** Whether the update a sync message carries can be placed now (nothing it builds on is missing). */
  isPlaceable(payload: Uint8Array): boolean;
  /** Handles a message taken out of hold like a new one. */
  receive(message: Uint8Array): void;
  /** Too much held: the connection is closed. */
  tooMany(): void;
  /** Asks the other processes for what is missing; resolves once looked for (undefined: nobody to ask). */
  lookForMissing(): Promise<void> | undefined;
  isClosed(): boolean;
  /** How long an update may wait before it is judged a last time. Default 3 s. */
  waitMs?: number;
}

/**
 * Updates that build on content not here yet (a reconnecting client's edit can come before its sync
 * reply, or another process has not written it yet): held aside, judged again after each accepted
 * update and after a catch-up, and refused only if they still cannot be placed after `waitMs`.
 */
export function createHeldUpdates(options: HeldUpdatesOptions) {
  /** Oldest first, with their total size. */
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  /** Set while held updates are judged for the last time: a refusal then closes the connection. */
  let final = false;
  let retrying = false;

  const retry = () => {
    if (retrying || held.length === 0) return;
    retrying = true;
    for (let progress = true; progress && held.length > 0 && !options.isClosed(); ) {
      progress = false;
      for (const message of [...held]) {
        if (!held.includes(message)) continue;
        const decoder = decoding.createDecoder(message);
        decoding.readVarUint(decoder);
        decoding.readVarUint(decoder);
        if (!options.isPlaceable(decoding.readVarUint8Array(decoder))) continue;
        held.splice(held.indexOf(message), 1);
        heldBytes -= message.byteLength;
        progress = true;
        options.receive(message);
      }
    }
    retrying = false;
    if (held.length === 0) {
      clearTimeout(timer);
      timer = undefined;
    }
  };

  const hold = (message: Uint8Array) => {
    held.push(message);
    heldBytes += message.byteLength;
    if (heldBytes > options.maxBytes) {
      options.tooMany();
      return;
    }
    if (timer) return;
    void options.lookForMissing()?.then(retry);
    timer = setTimeout(() => {
      timer = undefined;
      retry();
      if (held.length === 0 || options.isClosed()) return;
      // Still unplaceable: judged once more as final, which refuses it whole.
      final = true;
      const last = held;
      held = [];
      heldBytes = 0;
      for (const message of last) options.receive(message);
      final = false;
    }, options.waitMs ?? 3_000);
    timer.unref();
  };

  return {
    hold,
    /** Judges the held updates again (after an accepted update). */
    retry,
    /** Whether the held updates are being judged a last time (a missing dependency then refuses). */
    get isFinal() {
      return final;
    },
    clear() {
      held = [];
      heldBytes = 0;
      clearTimeout(timer);
    },
  };
}
