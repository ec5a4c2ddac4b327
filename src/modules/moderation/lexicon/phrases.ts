/**
 * Multi-word patterns on normalized text (see lib/italian/normalize.ts): insults and swearing
 * that single words miss, threats (patterns, never single words), discrimination against groups.
 */
import type { ModerationCategory } from '../../policy/rulebook.ts';

export interface PhraseRule {
  re: RegExp;
  category: ModerationCategory;
  /** hide when matched; review for patterns that need a person */
  ceiling: 'hide' | 'review';
  confidence: number;
  it: string;
  en: string;
}

const rx = (s: string): RegExp => new RegExp(s.replace(/\s+/g, '\\s+'), 'g');
const P = (re: string, category: ModerationCategory, ceiling: 'hide' | 'review', confidence: number, it: string, en: string): PhraseRule => ({
  re: rx(`(?<![a-z])(?:${re})(?![a-z])`),
  category, ceiling, confidence, it, en,
});

const TI = `(?:ti|vi|lo|la|li|le|gli|l'|t'|v')\\s*`;
const BODY = `(?:la faccia|la testa|il culo|le ossa|le gambe|il muso|i denti|la macchina|la casa|l'auto)`;

const GROUP = `(?:persone di colore|persone disabili|persone trans|immigrati|stranieri|extracomunitari|migranti|profughi|rom|zingari|sinti|musulmani|islamici|ebrei|gay|omosessuali|lesbiche|trans|neri|africani|marocchini|albanesi|rumeni|romeni|cinesi|meridionali|terroni|napoletani|donne|disabili|handicappati|arabi|nigeriani|negri|froci|transessuali|omosessuali|bisessuali|neri|asiatici|ucraini|russi|zingare|rom|sinti|ebree|musulmane)`;
const HATE_PREDICATE = `(?:feccia|sporcizia|sudiciume|spregevoli|abominevoli|vomitevoli|luridi|i peggiori|le peggiori|spazzatura|immondizia|escrementi|rifiuti|disgustos[ie]|schifos[ie]|ripugnanti|rivoltanti|inferiori|esseri inferiori|subumani|non umani|animali|bestie|parassiti|vermi|topi|ratti|scimmie|malati|malati di mente|un cancro|una piaga|una malattia|un virus|una disgrazia|un peso|inutili|pericolosi|criminali|delinquenti|ladri|stupratori|terroristi|sporchi|sporche|stupid[ie]|idioti|idiote)`;
const KILL = `(?:pugnalar[ei]|accoltellar[ei]|strangolar[ei]|stuprar[ei]|torturar[ei]|sgozzar[ei]|gambizzar[ei]|uccider[ei]|ammazzar[ei]|sterminar[ei]|eliminar[ei]|impiccar[ei]|bruciar[ei]|fucilar[ei]|gasar[ei]|sparar[ei] a|picchiar[ei]|massacrar[ei]|annegar[ei])`;
const KILLED = `(?:uccis[ie]|ammazzat[ie]|sterminat[ie]|eliminat[ie]|impiccat[ie]|bruciat[ie]|fucilat[ie]|gasat[ie]|massacrat[ie]|annegat[ie]|rinchius[ie]|deportat[ie]|castrat[ie]|sterilizzat[ie])`;

/** First-person future of a violent verb: "sparerò", "ammazzeremo". A threat whatever the object. */
const VIOLENT_FUTURE = `(?:spar|uccid|ammazz|pugnal|accoltell|stupr|strangol|massacr|tortur|sgozz|gambizz|impicch|picchi|squart|bastoner|pester)(?:ero|eremo)`;

export const THREATS: PhraseRule[] = [
  P(`${VIOLENT_FUTURE}|(?:ho|abbiamo) (?:davvero |seriamente |proprio )?intenzione di ${KILL}|sto (?:seriamente )?(?:pensando|considerando) di ${KILL}|far(?:e|o|emo)? soffrire|(?:faro|faremo|voglio fare) del male a|(?:porre|mettere|mettiamo|metteremo) fine (?:alla vita di|a tutti)|sbarazziamoci d|(?:si )?merita(?:no)? di morire|(?:taglier(?:o|emo)|tagliare) (?:la gola|le gole)|(?:spezzer(?:o|emo)) (?:il collo|le ossa)|(?:e|sia) l'unica soluzione per`, 'minacce', 'hide', 0.9, 'minaccia o intenzione di violenza', 'threat or intent of violence'),
  P(`(?:ti|vi|lo|la|li) (?:vengo|veniamo|verro|verremo|vengono|verranno) a (?:prendere|cercare|trovare)|(?:vengo|veniamo|verro|verremo) a (?:prender|cercar|trovar)(?:ti|vi|lo|la|li)`, 'minacce', 'hide', 0.92, 'minaccia di venire a cercare qualcuno', 'threat to come for someone'),
  P(`(?:so|sappiamo|sanno|ho scoperto|abbiamo scoperto) dove (?:abiti|abitate|abita|vivi|vivete|vive|lavori|lavorate|lavora|stai|state|dormi|vanno a scuola)`, 'minacce', 'hide', 0.92, 'minaccia: sa dove abita o lavora la persona', 'threat: knows where the person lives or works'),
  P(`(?:te|ve|gliel[ae]|glie) ?la (?:faccio|faremo|facciamo|faro|fanno) pagare|(?:me|ce) la pagher(?:ai|ete|a)|la pagher(?:ai|ete|anno) car[ao]|pagherai caro|pagherete caro`, 'minacce', 'hide', 0.9, 'minaccia di ritorsione', 'threat of retaliation'),
  P(`${TI}(?:ammazz(?:o|iamo|ero|eremo|erei)|uccid(?:o|iamo|ero|eremo|erei)|spar(?:o|iamo|ero|erei)|sgozz(?:o|iamo)|strozz(?:o|iamo)|squart(?:o|iamo)|accoltell(?:o|iamo)|massacr(?:o|iamo)|faccio fuori|facciamo fuori|faccio a pezzi|sotterro|impicc(?:o|hiamo)|brucio vivo|strangol(?:o|iamo))`, 'minacce', 'hide', 0.93, 'minaccia di morte o di violenza', 'death or violence threat'),
  P(`(?:ti|vi|gli) (?:spacco|spacchiamo|rompo|rompiamo|brucio|bruciamo|sfascio|gonfio|riempio di botte) ${BODY}|(?:ti|vi) (?:meno|picchio|pesto|gonfio|riempio di botte|faccio (?:del )?male)`, 'minacce', 'hide', 0.9, 'minaccia di violenza fisica', 'threat of physical violence'),
  P(`(?:sei|siete) (?:un uomo |una donna |gia )?mort[oaie](?! di)|guardati (?:le|alle) spalle|(?:farai|farete|fara|faranno) (?:una )?(?:brutta|triste) fine|finirai (?:male|all'ospedale|al cimitero)|ti aspetto (?:sotto casa|fuori|all'uscita)|prima o poi ti (?:becco|prendo|trovo)`, 'minacce', 'hide', 0.88, 'minaccia personale', 'personal threat'),
  P(`(?:voglio|vorrei) ${KILL}(?:ti|vi|lo|la|li|le)?(?: tutti| tutte)?|(?:dovrebbero|devono|dovreste|meritano di|meritate di) (?:essere )?(?:tutti |tutte )?${KILLED}|(?:andrebbe|andrebbero|andreste|vanno|va) (?:tutti |tutte )?(?:ammazzat|fucilat|impiccat|bruciat|sterminat|gasat|appes|presi a calci)[oaie]|(?:bisognerebbe|bisogna|dovremmo|dobbiamo) (?:ammazzar|uccider|impiccar|fucilar|bruciar|sterminar|sparar|gambizzar)(?:li|lo|la|le|vi|ti|e)|morte (?:a|al|ai|agli|alla|alle)|(?:dovete|devi|dovreste|dovresti|dovrebbero|meritate di|meriti di|meritano di) morire`, 'minacce', 'hide', 0.88, 'incitamento alla violenza o alla morte', 'incitement to violence or death'),
  P(`(?:una )?bomba (?:al|sul|nel|in) (?:comune|municipio|palazzo)|dar(?:e|gli)? fuoco (?:al comune|al municipio|alla sede|a tutti)|(?:ti|vi) (?:faremo|faro|facciamo) vedere (?:noi|io)|stai attent[oa] a quello che (?:dici|scrivi|fai)`, 'minacce', 'hide', 0.85, 'minaccia alle persone o alla sede', 'threat to people or premises'),
];

export const DISCRIMINATION: PhraseRule[] = [
  P(`(?:voglio|vorrei|bisognerebbe|bisogna|dovremmo|dobbiamo|andrebbe|si dovrebbe|sarebbe giusto) ${KILL}(?:li|le)? (?:tutti |tutte )?(?:i |gli |le |questi |queste )?${GROUP}|${GROUP} (?:dovrebbero|devono|meritano di|andrebbero|vanno) (?:essere )?(?:tutti |tutte )?(?:${KILLED}|morire|sparire|stare (?:negli zoo|in gabbia|rinchius[ie]))`, 'minacce', 'hide', 0.92, 'incitamento alla violenza contro un gruppo di persone', 'incitement to violence against a group'),
  P(`(?:i |gli |le |questi |queste |tutti gli |tutti i |tutte le )?${GROUP} (?:sono|siete) (?:tutti |tutte |solo |proprio |davvero |cosi |degli |dei |delle |semplicemente )*${HATE_PREDICATE}|(?:trovo|ritengo|considero) (?:tutti |tutte )?(?:i |gli |le )?${GROUP} ${HATE_PREDICATE}`, 'discriminazione', 'hide', 0.9, 'denigrazione di un gruppo di persone', 'derogation of a group of people'),
  P(`(?<!non )(?:odio|odiamo|detesto|detestiamo|disprezzo|disprezziamo|disdegno|schifo) (?:profondamente |davvero |tutti |tutte |proprio )*(?:i |gli |le |questi |queste |quei |quegli )?${GROUP}|non (?:sopporto|sopportiamo|tollero|tolleriamo) (?:proprio |piu )*(?:i |gli |le |questi |queste )?${GROUP}|${GROUP} (?:[a-z']+ ){0,3}(?:mi|ci) (?:fanno|fate) (?:cosi tanto |tanto |proprio )?(?:schifo|ribrezzo|vomitare)|${GROUP} (?:[a-z']+ ){0,3}mi (?:disgustano|ripugnano)|(?:sono|siamo) (?:cosi )?(?:stuf[oaie]|disgustat[oaie]) (?:di|da) [^.!?]{0,30}${GROUP}`, 'discriminazione', 'hide', 0.85, 'odio espresso verso un gruppo di persone', 'hatred expressed towards a group of people'),
  P(`${GROUP},? che (?:sono|siete) (?:tutti |tutte |solo |dei |delle |degli )*${HATE_PREDICATE}`, 'discriminazione', 'hide', 0.9, 'denigrazione di un gruppo di persone', 'derogation of a group of people'),
  P(`(?:fuori|via) (?:i|gli|le) ${GROUP}|${GROUP} (?:di merda|schifosi|bastardi)|sporc(?:o|a|hi|he) ${GROUP}|(?:tornatevene|tornate|rimandiamoli|rimandateli|cacciateli|rispediteli) (?:a casa vostra|a casa loro|al vostro paese|al loro paese|in africa|da dove siete venuti|da dove sono venuti)|affonda(?:re|te)? (?:i )?barconi|le donne (?:devono|dovrebbero) stare (?:a casa|in cucina|zitte)|muso giallo|musi gialli`, 'discriminazione', 'hide', 0.9, 'espressione discriminatoria', 'discriminatory expression'),
];

export const INSULT_PHRASES: PhraseRule[] = [
  P(`figli[oa] di (?:puttana|troia|una mignotta|buona donna|un cane)|pezz[oi] di (?:merda|m\\*rda|stronzo|cretino|idiota|cacca)|faccia di (?:merda|culo|cazzo)|testa di (?:cazzo|minchia)|(?:sei|siete|e|sono) (?:una|delle|solo una|solo delle) merd[ae]|(?:vai|andate|vada|va) a (?:cagare|fare in culo|farti fottere|fanculo|morire ammazzat[oaie])|rifiut[oi] uman[oi]`, 'insulti', 'hide', 0.92, 'insulto a una persona', 'insult to a person'),
  P(`(?:vai|andate|vada) a quel paese|ma (?:vai|va) a zappare|(?:fai|fate) schifo|(?:ti|vi|la|lo|li|le) (?:odio|detesto|disprezzo|disdegno)|(?:mi fai|mi fate) (?:schifo|ribrezzo|vomitare)`, 'insulti', 'review', 0.6, 'espressione offensiva rivolta a qualcuno', 'offensive expression aimed at someone'),
  P(`porco (?:dio|giuda|cristo)|dio (?:cane|porco|bestia|boia|maiale|serpente)|porca (?:madonna|eva)|madonna (?:puttana|troia|maiala)|(?:rott[oaie]|rompe(?:re|te|ndo)?|rompi) (?:i|le) (?:coglioni|palle|balle)`, 'turpiloquio', 'hide', 0.9, 'bestemmia o turpiloquio', 'blasphemy or vulgar language'),
  P(`che palle|fa cagare|fanno cagare`, 'turpiloquio', 'review', 0.6, 'espressione volgare', 'vulgar expression'),
];
