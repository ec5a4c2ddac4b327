/** Commercial spam and indirect advertising patterns (normalized text), and institutional hosts. */

const rx = (s: string): RegExp => new RegExp(`(?<![a-z])(?:${s.replace(/\s+/g, '\\s+')})(?![a-z])`);
const rxg = (s: string): RegExp => new RegExp(rx(s).source, 'g');

/** Near-certain spam on its own. */
export const STRONG_SPAM = rx(
  `guadagn(?:a|are|o|ate|i) (?:da casa|online|on line|subito|facilmente|comodamente)|lavor(?:o|a|are) da casa (?:e|e guadagn|con)|(?:guadagn\\w*|ricev\\w*|fino a) \\d+ ?(?:euro|€) (?:al|a) (?:giorno|settimana|mese)|\\d+ ?(?:euro|€) al giorno|compro oro|prestit[oi] (?:veloc[ei]|senza garanzi[ae]|immediat[oi]|a protestati|a cattivi pagatori)|investi(?:re|mento|te)? (?:in )?(?:bitcoin|cripto\\w*|forex|trading)|(?:bitcoin|cripto\\w*|forex|trading) (?:guadagn|rendiment|profitt)\\w*|rendimento garantito|soldi facili|clicca (?:qui|sul link|il link)|link in bio|segui(?:te)? la (?:mia|nostra) pagina|visita(?:te)? il (?:mio|nostro) (?:sito|profilo|negozio|canale)`,
);

/** Commercial wording: with a phone number or a link it becomes spam. */
export const COMMERCIAL = rxg(
  `offert[ae]|sconto|sconti|promo|promozione|offre|offriamo|prezz[oi] (?:bassi|imbattibili|modici|convenienti|speciali)|vendo|vendesi|svendo|affittasi|contattami|contattateci|contattaci|scrivimi|scriveteci|chiamami|chiamateci|chiamaci|whatsapp|in privato|in dm|per info|per informazioni (?:chiama|contatta|scrivi)|info al|preventiv[oi] gratuit[oi]|consulenza gratuita|senza impegno|spedizione gratuita|iscriviti|iscrivetevi|guadagn\\w*|bitcoin|cripto\\w*|nostro studio|nostra agenzia|nostra azienda|ditta|impresa di pulizie|traslochi|sgomberi|ripetizioni|disponibile per lavori`,
);

/** CAF / patronato services offered to readers (indirect advertising). */
export const CAF_OFFER = rx(
  `(?:offriamo|vi aiutiamo|ti aiutiamo|rivolgetevi (?:a noi|al nostro|alla nostra)|rivolgiti (?:a noi|al nostro|alla nostra)|contattateci|contattaci|chiamateci|chiamaci|scriveteci|venite (?:da noi|a trovarci)|presso (?:il )?(?:nostro|la nostra)|il nostro (?:caf|patronato|studio|ufficio)|la nostra sede|siamo aperti|(?:pratiche|compilazione|assistenza|consulenza)[^.!?]{0,40}gratuit\\w*)[^.!?]{0,80}(?:isee|730|naspi|pension\\w*|pratich\\w*|dichiarazion\\w*|caf|patronat\\w*|bonus|assegno unico|red|imu|successioni|disoccupazione)|(?:caf|patronato)[^.!?]{0,60}(?:offriamo|vi aiutiamo|contattateci|chiamateci|gratuit\\w*|convenzionat\\w*|aperti anche|prenota\\w* (?:al|allo|su))`,
);

/** Hosts that are institutional: links to them are never spam. */
export const INSTITUTIONAL_HOST =
  /(?:^|\.)(?:gov\.it|gov|europa\.eu|edu\.it|istruzione\.it|inps\.it|inail\.it|agenziaentrate\.it|istat\.it|italia\.it|pagopa\.it|aci\.it|senato\.it|camera\.it|quirinale\.it|governo\.it|normattiva\.it|protezionecivile\.it|salute\.gov\.it|asl[a-z0-9-]*\.it|ausl[a-z0-9-]*\.it|(?:comune|regione|provincia|cittametropolitana|unione)\.[a-z0-9-]+(?:\.[a-z]{2})?\.it)$/;

export const SHORTENER = /^(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|ow\.ly|cutt\.ly|rebrand\.ly|is\.gd|shorturl\.at|wa\.me|t\.me)$/;
