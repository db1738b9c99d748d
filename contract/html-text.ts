/**
 * Text into HTML, for pages written as strings (at build time, and the one value the server
 * fills into a no-JavaScript answer page): every character that could open markup or end an
 * attribute becomes a character reference.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
