/**
 * Italian stemmer following the published Snowball algorithm description
 * (snowballstem.org/algorithms/italian/stemmer.html), written for Redazione.
 * Input is one lowercase word; output its stem.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'à', 'è', 'ì', 'ò', 'ù']);
const isVowel = (c: string | undefined): boolean => c !== undefined && VOWELS.has(c);
const ACUTE_TO_GRAVE: Record<string, string> = { á: 'à', é: 'è', í: 'ì', ó: 'ò', ú: 'ù' };

const PRONOUNS = sortedByLength(
  'ci gli la le li lo mi ne si ti vi sene gliela gliele glieli glielo gliene mela mele meli melo mene tela tele teli telo tene cela cele celi celo cene vela vele veli velo vene',
);
const STEP1_R2_DELETE = new Set(
  'anza anze ico ici ica ice iche ichi ismo ismi abile abili ibile ibili ista iste isti istà istè istì oso osi osa ose mente atrice atrici ante anti'.split(' '),
);
const STEP1 = sortedByLength(
  [...STEP1_R2_DELETE].join(' ') +
    ' azione azioni atore atori logia logie uzione uzioni usione usioni enza enze amento amenti imento imenti amente ità ivo ivi iva ive',
);
const VERB = sortedByLength(
  'ammo ando ano are arono asse assero assi assimo ata ate ati ato ava avamo avano avate avi avo emmo enda ende endi endo erà erai eranno ere erebbe erebbero erei eremmo eremo ereste eresti erete erò erono essero ete eva evamo evano evate evi evo iamo immo irà irai iranno ire irebbe irebbero irei iremmo iremo ireste iresti irete irò irono isca iscano isce isci isco iscono issero ita ite iti ito iva ivamo ivano ivate ivi ivo ono uta ute uti uto ar ir',
);

function sortedByLength(list: string): string[] {
  return list.split(' ').sort((a, b) => b.length - a.length);
}

interface Regions {
  rv: number;
  r1: number;
  r2: number;
}

/** Position just after the first non-vowel that follows a vowel, from `from`. */
function afterVowelConsonant(w: string, from: number): number {
  for (let i = from + 1; i < w.length; i++) {
    if (!isVowel(w[i]) && isVowel(w[i - 1])) return i + 1;
  }
  return w.length;
}

function regions(w: string): Regions {
  let rv = w.length;
  if (w.length >= 2) {
    if (w.startsWith('divan')) rv = 5; // exception in the description: divano must not collide with diva
    else if (!isVowel(w[1])) {
      // second letter a consonant: RV after the next vowel
      for (let i = 2; i < w.length; i++) if (isVowel(w[i])) { rv = i + 1; break; }
    } else if (isVowel(w[0]) && isVowel(w[1])) {
      for (let i = 2; i < w.length; i++) if (!isVowel(w[i])) { rv = i + 1; break; }
    } else rv = Math.min(3, w.length);
  }
  const r1 = afterVowelConsonant(w, 0);
  const r2 = afterVowelConsonant(w, r1);
  return { rv, r1, r2 };
}

function endsIn(w: string, list: string[], from: number): string | null {
  for (const s of list) if (w.endsWith(s) && w.length - s.length >= from) return s;
  return null;
}
const longestSuffix = (w: string, list: string[]): string | null => {
  for (const s of list) if (w.endsWith(s)) return s;
  return null;
};

function step0(w: string, rv: number): string {
  const p = longestSuffix(w, PRONOUNS);
  if (!p || w.length - p.length < rv) return w;
  const base = w.slice(0, -p.length);
  for (const g of ['ando', 'endo']) if (base.endsWith(g) && base.length - g.length >= rv) return base;
  for (const g of ['ar', 'er', 'ir']) if (base.endsWith(g) && base.length - g.length >= rv) return base + 'e';
  return w;
}

/** Returns the new word, or null when no standard suffix was removed. */
function step1(w: string, r: Regions): string | null {
  const s = longestSuffix(w, STEP1);
  if (!s) return null;
  const at = w.length - s.length;
  const inR2 = at >= r.r2;
  let out = w.slice(0, at);
  const dropIfR2 = (pre: string): boolean => {
    if (out.endsWith(pre) && out.length - pre.length >= r.r2) {
      out = out.slice(0, -pre.length);
      return true;
    }
    return false;
  };
  if (STEP1_R2_DELETE.has(s)) return inR2 ? out : null;
  switch (s) {
    case 'azione': case 'azioni': case 'atore': case 'atori':
      if (!inR2) return null;
      dropIfR2('ic');
      return out;
    case 'logia': case 'logie':
      return inR2 ? out + 'log' : null;
    case 'uzione': case 'uzioni': case 'usione': case 'usioni':
      return inR2 ? out + 'u' : null;
    case 'enza': case 'enze':
      return inR2 ? out + 'ente' : null;
    case 'amento': case 'amenti': case 'imento': case 'imenti':
      return at >= r.rv ? out : null;
    case 'amente':
      if (at < r.r1) return null;
      if (dropIfR2('iv')) dropIfR2('at');
      else for (const pre of ['abil', 'os', 'ic']) if (dropIfR2(pre)) break;
      return out;
    case 'ità':
      if (!inR2) return null;
      for (const pre of ['abil', 'ic', 'iv']) if (dropIfR2(pre)) break;
      return out;
    default: // ivo ivi iva ive
      if (!inR2) return null;
      if (dropIfR2('at')) dropIfR2('ic');
      return out;
  }
}

function prelude(word: string): string {
  let w = '';
  for (const c of word) w += ACUTE_TO_GRAVE[c] ?? c;
  w = w.replace(/qu/g, 'qU');
  // u or i between vowels is a consonant: mark it upper case so it is not a vowel.
  const chars = [...w];
  for (let i = 1; i < chars.length - 1; i++) {
    const c = chars[i];
    if ((c === 'u' || c === 'i') && isVowel(chars[i - 1]) && isVowel(chars[i + 1])) chars[i] = c.toUpperCase();
  }
  return chars.join('');
}

/** The Snowball stem of one lowercase Italian word. */
export function stemItalian(word: string): string {
  if (word.length < 3) return word;
  let w = prelude(word);
  // Regions are positions fixed on the whole word, as in the description.
  const r = regions(w);
  w = step0(w, r.rv);
  const s1 = step1(w, r);
  if (s1 !== null) w = s1;
  else {
    const v = endsIn(w, VERB, r.rv);
    if (v) w = w.slice(0, -v.length);
  }
  // step 3a: a final vowel in RV, then a preceding i in RV
  if (/[aeioàèìò]$/.test(w) && w.length - 1 >= r.rv) {
    w = w.slice(0, -1);
    if (w.endsWith('i') && w.length - 1 >= r.rv) w = w.slice(0, -1);
  }
  // step 3b: ch/gh -> c/g in RV
  if ((w.endsWith('ch') || w.endsWith('gh')) && w.length - 2 >= r.rv) w = w.slice(0, -1);
  return w.replace(/I/g, 'i').replace(/U/g, 'u');
}

const stemCache = new Map<string, string>();
const STEM_CACHE_MAX = 50_000;
/** stemItalian with a bounded memo: citizens' vocabulary repeats a lot. */
export function stemCached(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemItalian(word);
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}
