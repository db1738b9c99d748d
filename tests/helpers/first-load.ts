/**
 * What a browser fetches first from a built page: its entry script and every chunk that script
 * imports statically, read from the build's assets folder (esbuild's minified output).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** A static import in esbuild's minified output (`import{a as b}from"./chunk-X.js"`). */
const STATIC_IMPORT = /\bimport\s*(?:[\w$\s{},*]*?from\s*)?"\.\/([\w-]+\.js)"/g;

/** The first load's scripts by file name, with their text. */
export function firstLoadScripts(assets: string, entryScript: string): Map<string, string> {
  const scripts = new Map<string, string>();
  const walk = (name: string): void => {
    if (scripts.has(name)) return;
    const text = readFileSync(join(assets, name), 'utf8');
    scripts.set(name, text);
    for (const [, imported] of text.matchAll(STATIC_IMPORT)) walk(imported!);
  };
  walk(basename(entryScript));
  return scripts;
}
