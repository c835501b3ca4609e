/**
 * Next renders the UI only: every /api/* path is answered by the Flowdeck server
 * (server/main.ts) before Next sees the request, and nothing here imports server/.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite must never be bundled (one instance per data directory); Next does not import it,
  // but keep it external in case a type-only import ever turns into a value import.
  serverExternalPackages: ['@electric-sql/pglite'],
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
