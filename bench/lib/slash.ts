/**
 * Signed Slack slash-command requests, as Slack sends them (form body, v0 signature, fresh timestamp,
 * unique trigger id so no two are duplicates). Shared by the load generator child and the tests.
 */
import { slackSignature } from '../slack-floor.js';

/** What every generated command shares. */
export interface SlashSpec {
  signingSecret: string;
  teamId: string;
  /** Command text after `/zadig`, e.g. `status build-deploy`. */
  text: string;
  /** Users to rotate through (ids known to the fake Slack). */
  users: string[];
  channel: string;
  /** `response_url` prefix; a unique id is appended per request. */
  responseUrlPrefix: string;
}

/** Returns a `makeRequest` for `runLoad` that signs a new command on every call. */
export function slashRequests(spec: SlashSpec): () => { headers: Record<string, string>; body: string } {
  let n = 0;
  const run = Math.random().toString(36).slice(2, 8);
  return () => {
    n++;
    const user = spec.users[n % spec.users.length] ?? 'U0';
    const id = `${run}-${n}`;
    const body = new URLSearchParams({
      command: '/zadig',
      text: spec.text,
      team_id: spec.teamId,
      team_domain: 'bench',
      channel_id: spec.channel,
      channel_name: 'bench',
      user_id: user,
      user_name: user,
      response_url: `${spec.responseUrlPrefix}${id}`,
      trigger_id: `trig-${id}`,
      api_app_id: 'A1',
    }).toString();
    const ts = String(Math.floor(Date.now() / 1000));
    return {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': slackSignature(spec.signingSecret, ts, body),
      },
      body,
    };
  };
}
