/** A plural message is keyed by Intl.PluralRules categories; `other` is always required. */
export type PluralMessage = Readonly<
  Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }
>;
export type MessageValue = string | PluralMessage;

export interface CatalogueMeta {
  /** True until a native speaker has reviewed every message. */
  readonly machineTranslated: boolean;
  readonly reviewedBy: string | null;
}
