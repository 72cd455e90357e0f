/**
 * The citizens' personal data the test suite files, updates and delivers: none of it may ever
 * appear in a log line (see scan-logs.ts). A new fixture with a name, a phone number or a postal
 * address belongs here; e-mail addresses at the reserved example domains are found by pattern.
 */
export const PERSONAL_DATA_FIXTURES = {
  names: [
    'Camille Martin',
    'Alex Bernard',
    'Dominique Petit',
    'Sam Durand',
    'Jeanne Lefèvre-Dupont',
    'Jeanne Martin',
  ],
  emails: [
    'camille.martin@example.org',
    'alex.bernard@example.org',
    'd.petit@example.org',
    'sam.durand@example.org',
    'jeanne.lefevre@example.fr',
    'lea.moreau@example.org',
  ],
  phones: ['+33 6 12 34 56 78', '06 12 34 56 78', '0611223344', '+33 6 98 76 54 32'],
  addresses: ['12 rue de la Bûcherie', '4 rue des Tanneurs'],
} as const;

/**
 * Shapes that only fixtures take: any e-mail address at a domain reserved for examples
 * (RFC 2606; real citizens are never there), and the numbered citizens of seeded logs.
 */
export const PERSONAL_DATA_PATTERNS: readonly RegExp[] = [
  /[\w.+-]+@example\.(?:org|fr|com|net)\b/i,
  /\bCitoyen \d+\b/,
];
