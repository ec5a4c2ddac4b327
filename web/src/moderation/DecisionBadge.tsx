import type { ModerationDecisionKind } from '../api/types';
import { useI18n } from '../i18n/I18n';

const CLASS: Record<ModerationDecisionKind, string> = {
  allow: 'rdz-status-ok',
  review: 'rdz-status-warn',
  hide: 'rdz-status-danger',
};

/** A moderation decision as a word in a coloured pill (the word carries the meaning, not the colour). */
export function DecisionBadge({ decision }: { decision: ModerationDecisionKind }) {
  const { label } = useI18n();
  return <span className={`rdz-pill ${CLASS[decision]}`}>{label('decision', decision)}</span>;
}

/** The anchor id of a clause in the rulebook on this page. */
export const clauseAnchor = (number: string) => `clausola-${number.replace(/\./g, '-')}`;
