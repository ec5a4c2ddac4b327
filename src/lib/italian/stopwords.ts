/**
 * Italian stop words for term vectors: articles, prepositions (simple and articulated), pronouns,
 * conjunctions, auxiliary forms and the most frequent adverbs. Lowercase, accents stripped,
 * as produced by normalizeForMatching.
 */
const WORDS = `
a ad al allo ai agli all alla alle agl
da dal dallo dai dagli dall dalla dalle
di de del dello dei degli dell della delle d
in nel nello nei negli nell nella nelle
con col coi su sul sullo sui sugli sull sulla sulle per tra fra
il lo la i gli le l un uno una un'
e ed o od ma pero anche ne neanche nemmeno neppure se che chi cui non piu meno
come dove quando quanto quanti quanta quante quale quali perche poi gia ancora sempre mai
io tu lui lei noi voi loro me te se ci vi mi ti si ne lo gli
mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri nostre vostro vostra vostri vostre
questo questa questi queste quello quella quelli quelle quel quei codesto stesso stessa
essere sono sei e siamo siete era erano ero sara saranno sia siano stato stata stati state fosse
avere ho hai ha abbiamo avete hanno aveva avevano avra avranno abbia abbiano avuto
fare fa fatto fanno faccio stare sta stanno
c ce cosa cose tutto tutti tutta tutte molto molti molta molte poco tanto tanti tanta tante
allora cosi qui qua li la oggi ieri domani ora adesso solo proprio altro altri altra altre
buongiorno buonasera salve grazie ciao prego gentili
`;

export const ITALIAN_STOPWORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

/** True when the (normalized) word carries no topic. */
export function isStopword(word: string): boolean {
  return ITALIAN_STOPWORDS.has(word);
}
