/** A failed send, named by a stable code the admin page shows (never a server's own words). */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(readonly code: string) {
    super(code);
  }
}
