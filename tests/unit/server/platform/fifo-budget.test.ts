/**
 * The onion queues' budget (server/platform/fifo-budget.ts): requests beyond the budget wait in
 * arrival order, only a full queue refuses, and a client who leaves frees its place. Time is
 * Jest's fake clock, moved by the test only.
 */
import { FifoBudget, type Place } from '../../../../server/platform/fifo-budget';

describe('FifoBudget', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  /** One request a second, `burst` at once, `maxQueue` places. */
  const budgetOf = (burst: number, maxQueue: number) =>
    new FifoBudget({ perMinute: 60, burst, maxQueue, now: () => Date.now() });

  /** Records the order in which places get their turn (true) or are released (false). */
  function track(places: (Place | null)[]): string[] {
    const events: string[] = [];
    places.forEach((place, i) => {
      void place?.turn.then((admitted) => events.push(`${i}:${admitted ? 'turn' : 'released'}`));
    });
    return events;
  }

  test('when the burst is spent then requests wait and get their turns one per interval, in arrival order', async () => {
    const budget = budgetOf(2, 10);
    const places = Array.from({ length: 5 }, () => budget.enter());
    expect(places.every((place) => place !== null)).toBe(true);
    const events = track(places);
    await jest.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['0:turn', '1:turn']);
    await jest.advanceTimersByTimeAsync(1000);
    expect(events).toEqual(['0:turn', '1:turn', '2:turn']);
    await jest.advanceTimersByTimeAsync(2000);
    expect(events).toEqual(['0:turn', '1:turn', '2:turn', '3:turn', '4:turn']);
  });

  test('when others are waiting then a newcomer queues behind them even if a token is back', async () => {
    const budget = budgetOf(1, 10);
    budget.enter();
    const waiting = budget.enter();
    // The token is back, but the waiting request's timer has not fired yet.
    jest.setSystemTime(Date.now() + 1000);
    const newcomer = budget.enter();
    const events = track([waiting, newcomer]);
    await jest.advanceTimersByTimeAsync(0);
    expect(events).toEqual([]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(events).toEqual(['0:turn']);
    await jest.advanceTimersByTimeAsync(1000);
    expect(events).toEqual(['0:turn', '1:turn']);
  });

  test('when the queue is full then enter answers null; a client who leaves frees its place for the next', async () => {
    const budget = budgetOf(1, 2);
    budget.enter();
    const first = budget.enter();
    const second = budget.enter();
    expect(budget.enter()).toBeNull();
    expect(budget.secondsToDrain()).toBe(2);
    first!.leave();
    const third = budget.enter();
    expect(third).not.toBeNull();
    const events = track([first, second, third]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(events).toEqual(['1:turn']);
    await jest.advanceTimersByTimeAsync(1000);
    expect(events).toEqual(['1:turn', '2:turn']);
  });

  test('when the budget is released then every waiting request is told at once and none is admitted later', async () => {
    const budget = budgetOf(1, 5);
    budget.enter();
    const events = track([budget.enter(), budget.enter()]);
    budget.release();
    await jest.advanceTimersByTimeAsync(5000);
    expect(events).toEqual(['0:released', '1:released']);
  });

  test('when the budget is released then a request arriving afterwards is refused at once, though tokens are back', async () => {
    const budget = budgetOf(5, 5);
    budget.release();
    jest.setSystemTime(Date.now() + 60_000);
    const events = track([budget.enter(), budget.enter()]);
    await jest.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['0:released', '1:released']);
  });

  test('when the budget was idle then at most the burst passes at once', async () => {
    const budget = budgetOf(3, 10);
    jest.setSystemTime(Date.now() + 60_000);
    const events = track(Array.from({ length: 5 }, () => budget.enter()));
    await jest.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['0:turn', '1:turn', '2:turn']);
  });
});
