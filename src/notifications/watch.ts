import type { Message } from './message.js';

/** A request to follow a Zadig task and keep a posted card up to date (commands → jobs, via main.ts). */
export interface WatchRequest {
  kind: 'workflow' | 'test' | 'scan';
  projectKey: string;
  /** Workflow key, test name or scan name. */
  name: string;
  taskId: number;
  /** Chat user who started it (mentioned in the final result). */
  startedBy?: { id: string; name?: string; email?: string };
  /**
   * The card as it was posted. The watcher keeps its language and edits it only once what it would show
   * differs; render it with `liveTaskCard` (as the watcher does) so an unchanged task costs no edit.
   * Without it the watcher's first poll re-renders the card.
   */
  shown?: Message;
}
