import { qrModules } from '../../../../../client/dashboard/session/qr-code';

/** The 7×7 finder pattern every QR code has in three corners. */
function hasFinderAt(modules: boolean[][], top: number, left: number): boolean {
  for (let row = 0; row < 7; row++) {
    for (let column = 0; column < 7; column++) {
      const ring = row === 0 || row === 6 || column === 0 || column === 6;
      const centre = row >= 2 && row <= 4 && column >= 2 && column <= 4;
      if (modules[top + row]![left + column] !== (ring || centre)) return false;
    }
  }
  return true;
}

describe('the TOTP QR code', () => {
  test('when an otpauth URI is encoded then the matrix is square with the three finder patterns', () => {
    const uri =
      'otpauth://totp/Amanat:case.worker?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Amanat&algorithm=SHA1&digits=6&period=30';
    const modules = qrModules(uri);
    const size = modules.length;
    expect(size).toBeGreaterThanOrEqual(21);
    expect((size - 17) % 4).toBe(0);
    expect(modules.every((row) => row.length === size)).toBe(true);
    expect(hasFinderAt(modules, 0, 0)).toBe(true);
    expect(hasFinderAt(modules, 0, size - 7)).toBe(true);
    expect(hasFinderAt(modules, size - 7, 0)).toBe(true);
  });

  test('when the secret differs then the code differs', () => {
    const a = qrModules('otpauth://totp/x?secret=AAAAAAAAAAAAAAAA');
    const b = qrModules('otpauth://totp/x?secret=BBBBBBBBBBBBBBBB');
    expect(a).not.toEqual(b);
  });
});
