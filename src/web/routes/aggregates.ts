/**
 * Aggregate figures for board members, council commissioners (their own
 * council only) and safeguarding-partnership chairs: no identifiers, small
 * counts suppressed.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getAggregates } from '../../services/aggregates.ts';
import type { ServiceContext } from '../../services/context.ts';
import { formatCount } from '../../services/policy.ts';

export function registerAggregateRoutes(app: FastifyInstance, contextFor: (request: FastifyRequest) => ServiceContext): void {
  app.get('/aggregates', { config: { policy: 'aggregates' } }, async (request, reply) => {
    const { asAt, councils } = await getAggregates(contextFor(request));
    const rows = councils.map((c) => [
      { text: `${c.laName} (${c.laCode})` },
      { text: formatCount(c.childrenInNeed), format: 'numeric' },
      { text: formatCount(c.childProtectionPlans), format: 'numeric' },
      { text: formatCount(c.childrenLookedAfter), format: 'numeric' },
    ]);
    return reply.view('aggregates.njk', { asAt, rows });
  });
}
