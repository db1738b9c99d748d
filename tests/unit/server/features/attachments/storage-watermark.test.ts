/**
 * The watermark's rule on the figures MongoDB's dbStats reports (fsUsedSize, fsTotalSize), which
 * the FerretDB test database does not: the database budget is exercised against the real
 * database in tests/security/storage-watermark-refuses-parts.test.ts and
 * tests/security/messages-cannot-fill-the-disk.test.ts.
 */
import { storageRefusal } from '../../../../../server/features/attachments';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('the storage watermark rule', () => {
  const limits = { minFreePercent: 10, maxDatabaseBytes: 0, maxAttachmentBytes: 0 };

  test('when the part would leave less than the free share on the database volume then it is refused for the disk', () => {
    const usage = { fsTotalBytes: 100 * GiB, fsUsedBytes: 90 * GiB - 4 * MiB };
    expect(storageRefusal(usage, limits, 'part', 2 * MiB)).toBeNull();
    expect(storageRefusal(usage, limits, 'part', 8 * MiB)).toBe('disk');
    expect(storageRefusal({ ...usage, fsUsedBytes: 95 * GiB }, limits, 'part', 0)).toBe('disk');
  });

  test('when files no longer fit then reports and follow-ups still do, down to half the free share', () => {
    const usage = { fsTotalBytes: 100 * GiB, fsUsedBytes: 93 * GiB };
    expect(storageRefusal(usage, limits, 'part', MiB)).toBe('disk');
    expect(storageRefusal(usage, limits, 'message', MiB)).toBeNull();
    expect(storageRefusal({ ...usage, fsUsedBytes: 95 * GiB - MiB }, limits, 'message', MiB)).toBe(
      null,
    );
    expect(
      storageRefusal({ ...usage, fsUsedBytes: 95 * GiB - MiB }, limits, 'message', MiB + 1),
    ).toBe('disk');
  });

  test('when the engine reports no volume figures then the database budget is held to the same floors', () => {
    expect(storageRefusal({ databaseBytes: 10 * GiB }, limits, 'part', 8 * MiB)).toBeNull();
    const budget = { ...limits, maxDatabaseBytes: 10 * GiB };
    // Parts leave 10 % of the budget (1 GiB), messages 5 % (512 MiB).
    const usage = { databaseBytes: 9 * GiB - 8 * MiB };
    expect(storageRefusal(usage, budget, 'part', 8 * MiB)).toBeNull();
    expect(storageRefusal(usage, budget, 'part', 8 * MiB + 1)).toBe('budget');
    const nearlyFull = { databaseBytes: 9.5 * GiB - MiB };
    expect(storageRefusal(nearlyFull, budget, 'part', 1)).toBe('budget');
    expect(storageRefusal(nearlyFull, budget, 'message', MiB)).toBeNull();
    expect(storageRefusal(nearlyFull, budget, 'message', MiB + 1)).toBe('budget');
  });

  test('when an attachment budget is set then it refuses parts only', () => {
    const budget = { ...limits, maxAttachmentBytes: 10 * GiB };
    const usage = { attachmentBytes: 10 * GiB - 8 * MiB };
    expect(storageRefusal(usage, budget, 'part', 8 * MiB)).toBeNull();
    expect(storageRefusal(usage, budget, 'part', 8 * MiB + 1)).toBe('budget');
    expect(storageRefusal(usage, budget, 'message', GiB)).toBeNull();
  });

  test('when the floor is 0 then the volume figures are not used', () => {
    const usage = { fsTotalBytes: 100 * GiB, fsUsedBytes: 100 * GiB - MiB };
    const off = { minFreePercent: 0, maxDatabaseBytes: 0, maxAttachmentBytes: 0 };
    expect(storageRefusal(usage, off, 'part', 8 * MiB)).toBeNull();
    expect(storageRefusal(usage, off, 'message', 8 * MiB)).toBeNull();
  });
});
