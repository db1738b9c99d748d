import type { UnlockedCaseworkerKey } from '../../../../../client/crypto';
import { KeyHolder, type LockReason } from '../../../../../client/dashboard/keys/key-holder';

function fakeHandle(): UnlockedCaseworkerKey & { dropped: boolean } {
  return { fingerprint: 'f'.repeat(40), isLocked: false, dropped: false };
}

describe('the key holder', () => {
  let events: EventTarget;
  beforeEach(() => {
    jest.useFakeTimers();
    events = new EventTarget();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const drop = (handle: UnlockedCaseworkerKey): void => {
    (handle as unknown as { dropped: boolean }).dropped = true;
  };

  test('when nobody touches the page for the idle timeout then the key is dropped', () => {
    const holder = new KeyHolder(60, events);
    const reasons: (LockReason | null)[] = [];
    holder.onChange((reason) => reasons.push(reason));
    const handle = fakeHandle();
    holder.hold(handle, drop);
    expect(holder.unlocked).toBe(handle);
    jest.advanceTimersByTime(59_000);
    expect(holder.unlocked).toBe(handle);
    jest.advanceTimersByTime(6_000);
    expect(holder.unlocked).toBeNull();
    expect(handle.dropped).toBe(true);
    expect(reasons).toEqual([null, 'idle']);
  });

  test('when the view that listened is replaced then its listeners hear no more', () => {
    const holder = new KeyHolder(60, events);
    const first = new AbortController();
    holder.listenFor(first.signal);
    const heardByFirst: (LockReason | null)[] = [];
    holder.onChange((reason) => heardByFirst.push(reason));
    first.abort();
    holder.listenFor(new AbortController().signal);
    const heardByNext: (LockReason | null)[] = [];
    holder.onChange((reason) => heardByNext.push(reason));
    holder.hold(fakeHandle(), drop);
    holder.lock('manual');
    expect(heardByFirst).toEqual([]);
    expect(heardByNext).toEqual([null, 'manual']);
  });

  test('when the person types or clicks then the idle clock starts again', () => {
    const holder = new KeyHolder(60, events);
    holder.hold(fakeHandle(), drop);
    for (let i = 0; i < 4; i++) {
      jest.advanceTimersByTime(40_000);
      events.dispatchEvent(new Event(i % 2 ? 'keydown' : 'pointerdown'));
    }
    expect(holder.unlocked).not.toBeNull();
    jest.advanceTimersByTime(65_000);
    expect(holder.unlocked).toBeNull();
  });

  test('when locked by hand or on sign-out then the key is dropped once and timers stop', () => {
    const holder = new KeyHolder(60, events);
    const handle = fakeHandle();
    const dropper = jest.fn(drop);
    holder.hold(handle, dropper);
    holder.lock('manual');
    holder.lock('signed-out');
    expect(dropper).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  test('when a second key is held then the first is dropped', () => {
    const holder = new KeyHolder(60, events);
    const first = fakeHandle();
    const second = fakeHandle();
    holder.hold(first, drop);
    holder.hold(second, drop);
    expect(first.dropped).toBe(true);
    expect(holder.unlocked).toBe(second);
  });

  test('when the page was loaded inside a live session then the key counts as locked by the reload until unlocked or locked again', () => {
    const holder = new KeyHolder(60, events);
    expect(holder.lockedBecause).toBeNull();
    holder.noteReload();
    expect(holder.lockedBecause).toBe('reload');
    holder.hold(fakeHandle(), drop);
    expect(holder.lockedBecause).toBeNull();
    holder.lock('idle');
    expect(holder.lockedBecause).toBe('idle');
    // Signing out after a reload: the next person is not told of a reload.
    const other = new KeyHolder(60, events);
    other.noteReload();
    other.lock('signed-out');
    expect(other.lockedBecause).toBe('signed-out');
  });
});
