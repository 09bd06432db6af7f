/** Business time comes from here, never from SQL now(); tests inject a fake. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and simulations: starts at `start` and moves only when told. */
export function createFakeClock(
  start: Date | string,
): Clock & { set(time: Date | string): void; advance(ms: number): void } {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (v) => {
      current = new Date(v).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}
