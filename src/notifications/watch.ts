/** A request to follow a Zadig task and keep a posted card up to date (commands → jobs, via main.ts). */
export interface WatchRequest {
  kind: 'workflow' | 'test' | 'scan';
  projectKey: string;
  /** Workflow key, test name or scan name. */
  name: string;
  taskId: number;
  /** Chat user who started it (mentioned in the final result). */
  startedBy?: { id: string; name?: string; email?: string };
}
