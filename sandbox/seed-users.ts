/**
 * Seeded Zadig users, their project permissions and API tokens.
 * admin: system admin. alice/bob: developers and approvers. carol: no access to `payments`.
 * dave: can view everything but run/restart nothing. zbot: the bot's own read user (ZADIG_TOKEN).
 */
import { stableUuid } from './ids.js';
import { signToken } from './jwt.js';
import type { ProjectPerm, UserRec } from './model.js';

/** Fixed expiry (≈ year 2126) so tokens do not change between sandbox restarts. */
const TOKEN_EXP = 4_951_728_000;

const full: ProjectPerm = { view: true, execute: true, managePods: true, manageProdPods: true, admin: false };
const dev: ProjectPerm = { view: true, execute: true, managePods: true, manageProdPods: false, admin: false };
const viewer: ProjectPerm = {
  view: true,
  execute: false,
  managePods: false,
  manageProdPods: false,
  admin: false,
};
const admin: ProjectPerm = { view: true, execute: true, managePods: true, manageProdPods: true, admin: true };

interface UserSeed {
  account: string;
  name: string;
  systemAdmin?: boolean;
  canListUsers?: boolean;
  canCreateReleasePlan?: boolean;
  projects: Record<string, ProjectPerm>;
}

const SEEDS: UserSeed[] = [
  {
    account: 'admin',
    name: 'admin',
    systemAdmin: true,
    canListUsers: true,
    canCreateReleasePlan: true,
    projects: { demo: admin, payments: admin },
  },
  {
    account: 'alice',
    name: 'Alice Wang',
    canCreateReleasePlan: true,
    projects: { demo: full, payments: full },
  },
  { account: 'bob', name: 'Bob Li', projects: { demo: dev, payments: dev } },
  { account: 'carol', name: 'Carol Zhang', projects: { demo: dev } },
  { account: 'dave', name: 'Dave Chen', projects: { demo: viewer, payments: viewer } },
  { account: 'zbot', name: 'Zadig Bot', canListUsers: true, projects: { demo: viewer, payments: viewer } },
];

/** Builds the seeded users with signed tokens. */
export function seedUsers(): UserRec[] {
  return SEEDS.map((s) => {
    const uid = stableUuid(`user:${s.account}`);
    const email = `${s.account}@demo.local`;
    const token = signToken({
      name: s.name,
      uid,
      email,
      phone: '',
      preferred_username: s.account,
      aud: 'zadig',
      exp: TOKEN_EXP,
      federated_claims: { connector_id: 'system', user_id: s.account },
    });
    return {
      uid,
      name: s.name,
      account: s.account,
      email,
      phone: '',
      identityType: 'system',
      systemAdmin: s.systemAdmin ?? false,
      canListUsers: s.canListUsers ?? false,
      canCreateReleasePlan: s.canCreateReleasePlan ?? false,
      projects: s.projects,
      token,
    };
  });
}

/** Permission bits of `user` in `projectKey` (system admins get everything). */
export function permsOf(user: UserRec, projectKey: string): ProjectPerm | null {
  if (user.systemAdmin) return admin;
  return user.projects[projectKey] ?? null;
}
