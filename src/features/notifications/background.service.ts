/**
 * The server's background work, driven by rows in the database (docs/notifications.md):
 * each round records `question.closed` for questions past their close time,
 * fans new events out into deliveries, queues digests that are due, and
 * sends what is due. Rounds never overlap within a process; across processes
 * the claims (SKIP LOCKED) and unique indexes keep them apart.
 */
import { deliverDue, fanOut, sweepClosedQuestions, type DeliveryDeps, type EmailSender } from './delivery.service';
import { queueDueDigests, sendEmailDelivery } from './mail.service';

export interface BackgroundOptions {
  /** Pause between rounds (default 1 s). */
  intervalMs?: number;
  /** Sends email and digest deliveries (default: by SMTP when RECKON_SMTP_URL is set). */
  sendEmail?: EmailSender | undefined;
  onError?: (e: unknown) => void;
}

/** One round of background work; tests call it directly with a manual clock. */
export async function backgroundRound(deps: DeliveryDeps, o: BackgroundOptions = {}): Promise<void> {
  await sweepClosedQuestions(deps);
  while ((await fanOut(deps)) > 0) {
    /* fan out every waiting event before sending */
  }
  await queueDueDigests(deps);
  const sendEmail = o.sendEmail ?? sendEmailDelivery;
  // Keep sending while rounds are full, so a backlog drains without waiting for the timer.
  while ((await deliverDue(deps, { sendEmail, limit: 10 })).length === 10) {
    /* next batch */
  }
}

/** Starts the rounds; `stop()` waits for the round in progress and starts no more. */
export function startBackgroundWork(deps: DeliveryDeps, o: BackgroundOptions = {}): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const onError = o.onError ?? ((e) => console.error('Background work failed (will retry):', e));
  const loop = () => {
    if (stopped) return;
    current = backgroundRound(deps, o)
      .catch(onError)
      .finally(() => {
        current = null;
        if (!stopped) timer = setTimeout(loop, o.intervalMs ?? 1000);
      });
  };
  timer = setTimeout(loop, 0);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
