import type { CommandName, CommandPayload } from '@/server/contract/commands';
import type { Ack } from '@/server/contract/errors';
import type { RoomSocket } from './use-room';

/** How long a command may wait for its acknowledgement. */
const ACK_TIMEOUT_MS = 10_000;

/**
 * Sends one command over socket.io and resolves with its acknowledgement. A timeout or a lost
 * connection becomes a failed ack too, so callers have a single path for "show the message".
 */
export async function sendCommand<N extends CommandName>(
  socket: RoomSocket,
  name: N,
  payload: CommandPayload<N>,
): Promise<Ack<unknown>> {
  const timed = socket.timeout(ACK_TIMEOUT_MS);
  const emit = timed.emitWithAck as unknown as (n: N, p: CommandPayload<N>) => Promise<Ack<unknown>>;
  try {
    return await emit.call(timed, name, payload);
  } catch {
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'The server did not answer in time. Check your connection and try again.',
      },
    };
  }
}
