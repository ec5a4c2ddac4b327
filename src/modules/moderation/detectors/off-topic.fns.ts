/**
 * Off-topic: the comment shares (almost) no stems with the post and talks about nothing the Ente
 * deals with. Similarity is a weak signal: it leads to review only, never to hide.
 */
import { cosine, type TermVector } from '../../../lib/italian/similarity.ts';
import { stemCached } from '../../../lib/italian/stemmer.ts';
import { isStopword } from '../../../lib/italian/stopwords.ts';
import { termVector } from '../../../lib/italian/similarity.ts';
import type { Detection, Scan } from '../moderation.types.ts';

const MIN_STEMS = 8;
const MAX_SIMILARITY = 0.05;
/** Civic subjects: a citizen raising them under another post is not off-topic for the Ente. */
const CIVIC_ANYWHERE = /sportell|rifiut|differenz|raccolt|anagraf|certific|parchegg|marciapied|cassonett|sottopass|allag|emergenz|protezion|derattizz|municip|telecam|graduator/;
const CIVIC = /^(?:comun|sindac|assessor|giunt|consiglier|condomin|umid|vetr|plastic|ingombr|tari$|isee|caf$|patronat|coc$|soccors|furt|rub|ladr|sicurezz|ratt|pioggi|previs|meteo|temporal|iniziativ|organizz|scadenz|appuntament|prenot|tesser|elettoral|resident|residenz|fest|concert|mercat|fuoch|bibliotec|libr|stud|iscriz|modul|sit$|requisit|affitt|sfratt|contratt|uffic|serviz|strad|vie$|piazz|scuol|rifiut|raccolt|autobus|bus$|tram|parchegg|buch|buc|illumin|lampion|acqu|fogn|tass|tari|imu|anagraf|certific|sportell|urp|polizi|vigil|cimiter|parc|giardin|marciapied|traffic|lavor|cantier|band|contribut|bonus|orar|apert|chius|asil|mens|trasport|sanit|ospedal|medic|emergenz|allert|protezion|event|manifest|bibliotec|muse|cittadin|quartier|paes|citt|region|provinc|ente|document|pratic|domand|rispost|segnal)/;

const postCache = new Map<string, TermVector>();

function postVector(post: string): TermVector {
  let v = postCache.get(post);
  if (!v) {
    v = termVector(post);
    if (postCache.size >= 256) postCache.delete(postCache.keys().next().value as string);
    postCache.set(post, v);
  }
  return v;
}

/** Review when the comment is long enough, unrelated to the post and to civic matters. */
export function detectOffTopic(scan: Scan): Detection[] {
  const post = scan.input.post;
  if (!post || scan.words.length < MIN_STEMS) return [];
  const v: TermVector = new Map();
  for (const w of scan.words) {
    if (w.w.length < 2 || isStopword(w.w) || !/^[a-z]+$/.test(w.w)) continue;
    const s = stemCached(w.w);
    if (CIVIC.test(s) || CIVIC_ANYWHERE.test(s)) return [];
    v.set(s, (v.get(s) ?? 0) + 1);
  }
  if (v.size < MIN_STEMS) return [];
  const sim = cosine(v, postVector(post));
  if (sim >= MAX_SIMILARITY) return [];
  const text = scan.text.slice(0, 120);
  return [{ category: 'fuori_tema', confidence: 0.5, ceiling: 'review', evidence: [{ start: 0, end: text.length, text, detector: 'off_topic', reason: { it: `il commento non riguarda il post (somiglianza ${sim.toFixed(2)})`, en: `the comment is unrelated to the post (similarity ${sim.toFixed(2)})` } }] }];
}
