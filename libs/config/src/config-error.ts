/** The configuration is unusable; `problems` lists every bad variable with the reason. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid Maillage configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}
