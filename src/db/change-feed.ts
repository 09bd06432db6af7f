import type { ChangeChannel, Db, Listening } from './create-db.ts';

/**
 * The database's change notifications (CHANGE_CHANNELS) for in-memory caches, kept alive: when the LISTEN
 * connection drops, the feed is not live (caches serve nothing) and every cache is reset; it reconnects
 * with backoff and resets them again once live, since whatever changed meanwhile was never announced.
 */
export interface ChangeFeed {
  /** True while notifications arrive: only then may a cache answer from memory. */
  live(): boolean;
  /** Calls `fn` with the payload of every notification on `channel`. */
  on(channel: ChangeChannel, fn: (payload: string) => void): void;
  /** Calls `fn` whenever the feed went down or came back up: drop everything cached. */
  onReset(fn: () => void): void;
  /** Resolves once the feed is live (the first connection), or when it is closed. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  /** First reconnect delay; it doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Told when the feed is lost or cannot connect. */
  onError?: (err: Error) => void;
}

/** The feed of a process that serves no cached reads (CLI, workers): never live, so caches stay empty. */
export const noChangeFeed: ChangeFeed = {
  live: () => false,
  on: () => undefined,
  onReset: () => undefined,
  ready: async () => undefined,
  close: async () => undefined,
};

export function openChangeFeed(db: Pick<Db, 'listen'>, options: ChangeFeedOptions = {}): ChangeFeed {
  const handlers = new Map<ChangeChannel, ((payload: string) => void)[]>();
  const resets: (() => void)[] = [];
  let listening: Listening | null = null;
  let isLive = false;
  let closed = false;
  let retryMs = options.retryMs ?? 1000;
  let timer: NodeJS.Timeout | null = null;
  let markReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));

  const reset = () => {
    for (const fn of resets) fn();
  };

  const lost = (err: Error) => {
    isLive = false;
    listening = null;
    reset();
    options.onError?.(err);
    schedule();
  };

  function schedule() {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, options.maxRetryMs ?? 30_000);
  }

  async function connect() {
    try {
      const listener = await db.listen((channel, payload) => {
        for (const fn of handlers.get(channel) ?? []) fn(payload);
      }, lost);
      if (closed) {
        await listener.close();
        return;
      }
      listening = listener;
      retryMs = options.retryMs ?? 1000;
      reset();
      isLive = true;
      markReady();
    } catch (e) {
      options.onError?.(e instanceof Error ? e : new Error(String(e)));
      schedule();
    }
  }

  void connect();

  return {
    live: () => isLive,
    on(channel, fn) {
      handlers.set(channel, [...(handlers.get(channel) ?? []), fn]);
    },
    onReset(fn) {
      resets.push(fn);
    },
    ready: () => readyPromise,
    async close() {
      closed = true;
      isLive = false;
      if (timer) clearTimeout(timer);
      markReady();
      reset();
      await listening?.close();
      listening = null;
    },
  };
}
