/**
 * The legal sources both policies rest on, as list items of the "Riferimenti normativi" section.
 * `cite` is the short citation tests and reviewers look for.
 */
export interface LawReference {
  cite: string;
  item: string;
}

export const LAWS: readonly LawReference[] = [
  {
    cite: 'L. 150/2000',
    item: 'Legge 7 giugno 2000, n. 150 (L. 150/2000): informazione e comunicazione delle pubbliche amministrazioni.',
  },
  {
    cite: 'DPR 62/2013',
    item:
      'DPR 16 aprile 2013, n. 62 (DPR 62/2013): codice di comportamento dei dipendenti pubblici. ' +
      "Il DPR 13 giugno 2023, n. 81 (DPR 81/2023) ha aggiunto gli articoli 11-bis e 11-ter sull'uso delle tecnologie e dei social.",
  },
  {
    cite: 'Reg. UE 2016/679',
    item: 'Regolamento (UE) 2016/679 (Reg. UE 2016/679, GDPR): protezione dei dati personali.',
  },
  {
    cite: 'D.Lgs 196/2003',
    item: 'Decreto legislativo 30 giugno 2003, n. 196 (D.Lgs 196/2003): codice della privacy.',
  },
  {
    cite: 'C-210/16',
    item:
      "Corte di giustizia dell'Unione europea, sentenza del 5 giugno 2018, causa C-210/16. " +
      'Chi gestisce una pagina è contitolare del trattamento dei dati insieme alla piattaforma.',
  },
  {
    cite: 'L. 633/1941',
    item: "Legge 22 aprile 1941, n. 633 (L. 633/1941): diritto d'autore.",
  },
  {
    cite: 'L. 4/2004',
    item: 'Legge 9 gennaio 2004, n. 4 (L. 4/2004): accessibilità degli strumenti informatici.',
  },
  {
    cite: 'D.Lgs 82/2005',
    item: "Decreto legislativo 7 marzo 2005, n. 82 (D.Lgs 82/2005): codice dell'amministrazione digitale (CAD).",
  },
];

/** The list of laws as a body fragment. */
export const lawsList = (): string => LAWS.map((l) => `- ${l.item}`).join('\n');
