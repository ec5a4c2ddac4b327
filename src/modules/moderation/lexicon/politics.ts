/** Political propaganda: calls to vote and party endorsements (normalized text). */

// No trailing word boundary: several alternatives end with a space ("votate la ").
const rx = (s: string): RegExp => new RegExp(`(?<![a-z])(?:${s.replace(/\s+/g, '\\s+')})`);

export const PARTY =
  `(?:pd|partito democratico|fratelli d'italia|fdi|lega|lega salvini|forza italia|movimento 5 stelle|movimento cinque stelle|m5s|5 stelle|cinque stelle|italia viva|azione|avs|alleanza verdi|sinistra italiana|\\+europa|piu europa|noi moderati|rifondazione|casapound|forza nuova|potere al popolo|lista civica [a-z']+)`;

/** An explicit call to vote or to support a list/candidate. */
export const CALL_TO_VOTE = rx(
  `(?<!si )vota(?:te|temi|teci|telo|tela|teli|re)? (?:per |il |la |i |le |lista |no |si |sì |${PARTY})|votatemi|votateci|votatelo|votatela|votiamo (?:per |il |la |${PARTY})|(?:date|dai|diamo) (?:il )?(?:vostro|tuo|nostro) voto (?:a|al|alla|per)|(?:mettete|metti|mettiamo) (?:la )?croce (?:sul|su)|barra(?:te)? il simbolo|scrivi(?:te)? [a-z]+ sulla scheda|sostenete (?:la lista|il candidato|la candidata|${PARTY})|#vota[a-z]*|il (?:mio|nostro) candidato (?:sindaco|consigliere)|alle (?:prossime )?(?:elezioni|comunali|regionali|europee|politiche) (?:votate|scegliete|sostenete)`,
);

/** Slogans and party mentions next to elections: a person decides. */
export const PARTY_NEAR_ELECTION = rx(`${PARTY}[^.!?]{0,60}(?:elezioni|voto|votare|scheda|urne|candidat\\w*)|(?:elezioni|voto|votare|scheda|urne)[^.!?]{0,60}${PARTY}|prima gli italiani`);
