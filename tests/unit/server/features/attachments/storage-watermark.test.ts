/**
 * The watermark's rule on the figures MongoDB's dbStats reports (fsUsedSize, fsTotalSize), which
 * the FerretDB test database does not: the budget rule is exercised against the real database in
 * tests/security/storage-watermark-refuses-parts.test.ts.
 */
import { storageRefusal } from '../../../../../server/features/attachments';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('the storage watermark rule', () => {
  const limits = { minFreePercent: 10, maxAttachmentBytes: 0 };

  test('when the part would leave less than the free share on the database volume then it is refused for the disk', () => {
    const usage = { fsTotalBytes: 100 * GiB, fsUsedBytes: 90 * GiB - 4 * MiB };
    expect(storageRefusal(usage, limits, 2 * MiB)).toBeNull();
    expect(storageRefusal(usage, limits, 8 * MiB)).toBe('disk');
    expect(storageRefusal({ ...usage, fsUsedBytes: 95 * GiB }, limits, 0)).toBe('disk');
  });

  test('when the engine reports no volume figures then only the budget can refuse', () => {
    expect(storageRefusal({ attachmentBytes: 10 * GiB }, limits, 8 * MiB)).toBeNull();
    const budget = { minFreePercent: 10, maxAttachmentBytes: 10 * GiB };
    expect(storageRefusal({ attachmentBytes: 10 * GiB - 8 * MiB }, budget, 8 * MiB)).toBeNull();
    expect(storageRefusal({ attachmentBytes: 10 * GiB - 8 * MiB }, budget, 8 * MiB + 1)).toBe(
      'budget',
    );
  });

  test('when the floor is 0 then the volume figures are not used', () => {
    const usage = { fsTotalBytes: 100 * GiB, fsUsedBytes: 100 * GiB - MiB };
    expect(storageRefusal(usage, { minFreePercent: 0, maxAttachmentBytes: 0 }, 8 * MiB)).toBeNull();
  });
});
