import { WebSocket } from 'ws';

/**
 * A minimal Chrome DevTools Protocol client for a Node process started with `--inspect=127.0.0.1:0`
 * (its address is printed as "Debugger listening on ws://…"). Used to run a full garbage collection
 * in a server before reading its memory, so RSS compares live memory rather than heap V8 has not
 * given back yet.
 */
export async function connectInspector(output: string) {
  const address = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
  if (!address) throw new Error('the process was not started with --inspect');
  const ws = new WebSocket(address);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  ws.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (message) => {
        pending.delete(id);
        if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`));
        else resolve(message.result);
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    /** Runs full garbage collections, then answers the process's `process.memoryUsage()`. */
    async collectGarbage(): Promise<NodeJS.MemoryUsage> {
      for (let i = 0; i < 2; i++) await call('HeapProfiler.collectGarbage');
      const result = (await call('Runtime.evaluate', {
        expression: 'JSON.stringify(process.memoryUsage())',
        returnByValue: true,
      })) as { result: { value: string } };
      return JSON.parse(result.result.value) as NodeJS.MemoryUsage;
    },
    /** Any DevTools Protocol method (e.g. `Profiler.start`), answered with its result. */
    call,
    close: () => ws.close(),
  };
}
