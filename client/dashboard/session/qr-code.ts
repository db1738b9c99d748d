/**
 * Draws the authenticator app's otpauth URI as a QR code on a <canvas>, from the module matrix
 * of qrcode-generator: no data: URL, no SVG or HTML string, nothing that Trusted Types or the
 * CSP's img-src would have to allow. The URI holds the TOTP secret, so it is drawn only.
 */
import qrcode from 'qrcode-generator';

/** Quiet zone around the code, in modules (the QR specification asks for 4). */
const QUIET_ZONE = 4;

/** The code's dark/light modules, row by row; error correction M suits a screen. */
export function qrModules(text: string): boolean[][] {
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  const size = code.getModuleCount();
  return Array.from({ length: size }, (_, row) =>
    Array.from({ length: size }, (_, column) => code.isDark(row, column)),
  );
}

/** Paints the modules black on white (contrast for any camera), whole pixels per module. */
export function drawQrCode(canvas: HTMLCanvasElement, text: string, modulePixels = 6): void {
  const modules = qrModules(text);
  const side = (modules.length + QUIET_ZONE * 2) * modulePixels;
  canvas.width = side;
  canvas.height = side;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, side, side);
  context.fillStyle = '#000000';
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) {
        context.fillRect(
          (x + QUIET_ZONE) * modulePixels,
          (y + QUIET_ZONE) * modulePixels,
          modulePixels,
          modulePixels,
        );
      }
    }),
  );
}
