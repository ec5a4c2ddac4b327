/**
 * Redazione's own lexicon of offensive Italian words, written and curated for the product.
 * Forms are normalized (lowercase, no accents). Inflection notation: "stem:endings".
 * Criticism words are deliberately absent: vergogna, schifo, pessimo, incapaci, incompetenti,
 * ridicolo, dimettiti, scandalo... criticising the administration is always allowed.
 */
import { LexiconIndex } from './build.ts';

export const LEXICON = new LexiconIndex();

// ---- insults (insulti) ----
LEXICON.add(
  `idiot:a i e, cretin:o a i e, imbecill:e i, deficient:e i, deficent:e i, stronz:o a i e, coglion:e i,
   bastard:o a i e, scem:o a i e, dement:e i, mentecatt:o a i e, decerebrat:o a i e, subnormal:e i,
   rincoglionit:o a i e, cazzon:e i, merdos:o a i e, leccacul:o i, rompicoglion:i e,
   testadicazzo, coglionazz:o i, minchion:e i`,
  'insulti',
  'strong',
);
LEXICON.add(
  `schifos:o a i e, lurid:o a i e, verm:e i, pezzent:e i, sfigat:o a i e, cesso, cessi, maial:e i,
   porc:o i, besti:a e, animal:e i, capr:a e, somar:o a i e, asin:o a i e, zecc:a he, fecci:a,
   nullita, cornut:o a i e, stupid:o a i e, tont:o a i e, babbe:o a i e, pirla, mignott:a e,
   zoccol:a e, troi:a e, sgualdrin:a e, troglodit:a i e, buzzurr:o a i e`,
  'insulti',
  'directed',
);
LEXICON.add(
  `buffon:e i, pagliacc:io i, ladr:o i, ladron:e i, vendut:o a i e, corrott:o a i e, mafios:o a i e,
   delinquent:e i, criminal:e i, ignorant:e i, cafon:e i, bifolc:o a hi he, fallit:o a i e,
   parassit:a i e, vigliacc:o a hi he, infam:e i, lecchin:o a i e, cazzar:o a i e, ottus:o a i e,
   sbirr:o i, servi, servo, scagnozz:o i, sciacall:o i, avvoltoi`,
  'insulti',
  'mild',
);

// ---- swearing (turpiloquio) ----
LEXICON.add(
  `cazz:o i, cazzat:a e, sticazzi, merd:a e, merdat:a e, vaffanculo, fanculo, affanculo, vaffa,
   minchi:a, minchiat:a e, coglionat:a e, stronzat:a e, puttanat:a e, fottut:o a i e, fottiti,
   fottetevi, fottere, fottuto, puttan:a e, porcodio, diocane, dioporco, porcamadonna, mortacci, mortacci:tua vostra`,
  'turpiloquio',
  'strong',
);
LEXICON.add(`incazzat:o a i e, culo, culi, palle, cagare, cagat:a e, figa, fica, troiat:a e, sfiga, cazzeggi:o are`, 'turpiloquio', 'contextual');

// ---- discrimination (discriminazione) ----
LEXICON.add(
  `froci:o a, froc:i e, ricchion:e i, culatton:e i, negr:o a i e, mongoloid:e i, terron:e i,
   lesbicon:a e, travon:e i, negrett:o i, zingaracci:o, ebreacci:o, mangiaban:ane, negracci:o, frocett:o i,
   bingobongo, vucumpra`,
  'discriminazione',
  'strong',
);
LEXICON.add(`ritardat:o a i e, handicappat:o a i e, spastic:o a i he, finocchi:o, cerebroles:o a i e, checc:a he,
   mongol:o a i e, storpi:o a, subuman:o a i e`, 'discriminazione', 'directed');
LEXICON.add(`polenton:e i, crucc:o a hi he, giude:o i, zingar:o a i e, marocchin:o i`, 'discriminazione', 'mild');

// Innocent words that collapse to the key of an offensive one.
LEXICON.protect('pale ficca cullo cula capa sega zeca acidi colione asini cesi');
