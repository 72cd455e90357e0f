import type { MaillageConfig } from './maillage-config';

/** Nest's logger levels for a configured `LOG_LEVEL`: that level and the ones above it. */
export function loggerLevels(
  level: MaillageConfig['logLevel'],
): ('error' | 'warn' | 'log' | 'debug')[] {
  const order = ['error', 'warn', 'log', 'debug'] as const;
  return order.slice(0, order.indexOf(level) + 1);
}
