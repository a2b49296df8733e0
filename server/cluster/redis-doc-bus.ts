import type { Redis } from 'ioredis';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';

/** What a process hears about one document on the bus. */
export interface DocBusHandlers {
  /** A Yjs update another process accepted. */
  update(update: Uint8Array): void;
  /** An awareness update of another process's clients. */
  awareness(update: Uint8Array): void;
  /** Another process loaded the document and asks for the awareness of this process's clients. */
  awarenessQuery(): void;
  /** Messages may have been missed (a gap in a publisher's sequence, a Redis reconnect): catch up from the log. */
  gap(): void;
}

/** The kinds of message on the bus. */
export type DocBusMessageKind = 'update' | 'awareness' | 'awarenessQuery';

const kinds: DocBusMessageKind[] = ['update', 'awareness', 'awarenessQuery'];

/** Connections and naming of the Redis document bus. */
export interface RedisDocBusOptions {
  /** Connection for PUBLISH; should fail fast when Redis is down (no offline queue). */
  publisher: Redis;
  /** Connection in subscriber mode; ioredis re-subscribes by itself after a reconnect. */
  subscriber: Redis;
  /** Key prefix of this deployment (or test run). */
  prefix: string;
  /** This process's name, so it ignores its own messages. */
  processId: string;
  log: Logger;
}

/**
 * The document bus over Redis pub/sub: one channel per document. Each message carries the sender's
 * process id and a sequence number per document, so a receiver that sees a gap (a lost publish, a
 * subscriber that fell behind) knows to catch up from the PostgreSQL log, which is the source of
 * truth; after Redis comes back every subscribed document catches up the same way. Pub/sub rather than
 * Streams: the log in PostgreSQL already is the replay source, so Redis only has to be fast.
 */
export class RedisDocBus {
  private readonly handlers = new Map<string, DocBusHandlers>();
  private readonly sent = new Map<string, number>();
  private readonly heard = new Map<string, Map<string, number>>();
  private readonly channelPrefix: string;

  constructor(private readonly options: RedisDocBusOptions) {
    this.channelPrefix = `${options.prefix}yjs:`;
    const { subscriber } = options;
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.receive(channel, message));
    // After a reconnect (ioredis has re-subscribed) anything may have been missed meanwhile.
    let wasReady = subscriber.status === 'ready';
    subscriber.on('ready', () => {
      if (wasReady) return;
      wasReady = true;
      this.heard.clear();
      for (const handlers of this.handlers.values()) handlers.gap();
    });
    subscriber.on('close', () => {
      wasReady = false;
    });
  }

  /** Starts hearing a document; resolves once subscribed (or at once when Redis is down: `gap` follows). */
  async subscribe(docName: string, handlers: DocBusHandlers): Promise<void> {
    this.handlers.set(docName, handlers);
    const subscribing = this.options.subscriber.subscribe(this.channelPrefix + docName);
    if (this.options.subscriber.status !== 'ready') {
      // Redis is away: serve from the database now; the reconnect's catch-up brings the rest.
      subscribing.catch(() => {});
      return;
    }
    await subscribing;
  }

  unsubscribe(docName: string): void {
    this.handlers.delete(docName);
    this.sent.delete(docName);
    this.heard.delete(docName);
    this.options.subscriber.unsubscribe(this.channelPrefix + docName).catch(() => {});
  }

  /** Best effort: a message lost here is found by the others' catch-up from the log. */
  publish(docName: string, kind: DocBusMessageKind, payload: Uint8Array = new Uint8Array()): void {
    // The sequence moves on even if the publish fails: the receivers see the gap and catch up.
    const seq = (this.sent.get(docName) ?? 0) + 1;
    this.sent.set(docName, seq);
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.options.processId);
    encoding.writeVarUint(encoder, seq);
    encoding.writeVarUint(encoder, kinds.indexOf(kind));
    encoding.writeVarUint8Array(encoder, payload);
    const message = Buffer.from(encoding.toUint8Array(encoder));
    this.options.publisher.publish(this.channelPrefix + docName, message).catch(() => {});
  }

  private receive(channel: Buffer, message: Buffer): void {
    const docName = channel.toString().slice(this.channelPrefix.length);
    const handlers = this.handlers.get(docName);
    if (!handlers) return;
    let from: string;
    let seq: number;
    let kind: DocBusMessageKind | undefined;
    let payload: Uint8Array;
    try {
      const decoder = decoding.createDecoder(
        new Uint8Array(message.buffer, message.byteOffset, message.byteLength),
      );
      from = decoding.readVarString(decoder);
      seq = decoding.readVarUint(decoder);
      kind = kinds[decoding.readVarUint(decoder)];
      payload = decoding.readVarUint8Array(decoder);
    } catch (error) {
      this.options.log.warn({ event: 'bus.malformed', docName, err: error }, 'malformed bus message');
      return;
    }
    if (from === this.options.processId || !kind) return;
    const senders = this.heard.get(docName) ?? new Map<string, number>();
    this.heard.set(docName, senders);
    const last = senders.get(from);
    senders.set(from, seq);
    if (last !== undefined && seq !== last + 1) handlers.gap();
    if (kind === 'update') handlers.update(payload);
    else if (kind === 'awareness') handlers.awareness(payload);
    else handlers.awarenessQuery();
  }
}
