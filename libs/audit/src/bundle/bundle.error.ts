/** A bundle that cannot be read: missing directory or file, or a manifest of another format. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}
