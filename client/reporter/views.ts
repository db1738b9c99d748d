/** The reporter page's views, named in the URL (`?view=`); each is its own pre-rendered page. */
export const VIEWS = ['report', 'return', 'protection'] as const;
export type View = (typeof VIEWS)[number];
