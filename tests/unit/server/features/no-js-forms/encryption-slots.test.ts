/**
 * The bound on no-JavaScript encryptions at once (encryption-slots.ts): `concurrent` run, four
 * per slot wait in arrival order, the rest are refused at once with 503 no_js_busy; a slot given
 * back goes to the first waiting, and giving it back twice frees nothing more.
 */
import { EncryptionSlots } from '../../../../../server/features/no-js-forms';
import { ServiceUnavailableError } from '../../../../../server/platform/errors';

describe('encryption slots', () => {
  test('when the slots and the line are full then the next is refused as no_js_busy with a Retry-After', async () => {
    const slots = new EncryptionSlots(1);
    const first = await slots.enter();
    const waiting = [1, 2, 3, 4].map(async () => await slots.enter());
    const refusal = await slots.enter().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceUnavailableError);
    expect(refusal).toMatchObject({ status: 503, code: 'no_js_busy' });
    expect((refusal as ServiceUnavailableError).retryAfterSeconds).toBeGreaterThan(0);
    first();
    // Each waiting one gets the slot in turn, as the one before it gives it back.
    for (const place of waiting) (await place)();
  });

  test('when a slot is given back then the first waiting gets it, and giving it back twice frees no second', async () => {
    const slots = new EncryptionSlots(1);
    const order: number[] = [];
    const first = await slots.enter();
    const second = slots.enter().then((leave) => (order.push(2), leave));
    const third = slots.enter().then((leave) => (order.push(3), leave));
    first();
    first();
    const leaveSecond = await second;
    expect(order).toEqual([2]);
    leaveSecond();
    (await third)();
    expect(order).toEqual([2, 3]);
    // Everyone gone: one slot free again, and a full line of four behind it.
    const again = await slots.enter();
    const line = [1, 2, 3, 4].map(async () => await slots.enter());
    await expect(slots.enter()).rejects.toMatchObject({ code: 'no_js_busy' });
    again();
    for (const place of line) (await place)();
  });
});
