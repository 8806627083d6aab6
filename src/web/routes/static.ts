/**
 * Static files: GOV.UK Frontend's compiled CSS and JS (/govuk/), its fonts and
 * images (/assets/, where its CSS expects them) and Hearth's own (/static/).
 * Registered in their own context so that their routes get the explicit
 * 'public' policy and are marked as cacheable assets.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { govukDist } from '../plugins/views.ts';

const publicDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');

export async function registerStaticRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (assets) => {
    assets.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), policy: 'public', asset: true };
    });
    const common = { wildcard: true, index: false as const, list: false as const, dotfiles: 'deny' as const, maxAge: '1h', cacheControl: true };
    await assets.register(fastifyStatic, {
      ...common,
      root: join(govukDist, 'govuk'),
      prefix: '/govuk/',
      allowedPath: (path: string) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(path),
    });
    await assets.register(fastifyStatic, { ...common, root: join(govukDist, 'govuk', 'assets'), prefix: '/assets/', decorateReply: false });
    await assets.register(fastifyStatic, { ...common, root: publicDir, prefix: '/static/', decorateReply: false });
  });
}
