/** Whether the server can reach its database. */
import type { Deps } from '../../context';
import { isDatabaseUnavailable } from '../../db/errors';
import { ping } from './health.repository';

export async function health(deps: Pick<Deps, 'db'>): Promise<'ok' | 'unavailable'> {
  try {
    await ping(deps.db);
    return 'ok';
  } catch (e) {
    if (!isDatabaseUnavailable(e)) console.error('Health check failed:', e);
    return 'unavailable';
  }
}
