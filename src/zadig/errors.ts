/**
 * Errors from talking to Zadig. Every failure of a client call is a ZadigError with a stable `code`,
 * so callers branch on codes, never on message text. Messages never contain the API token.
 */

export type ZadigErrorCode =
  /** 401: token missing, malformed or invalid (Zadig answers with an empty body). */
  | 'ZADIG_UNAUTHORIZED'
  /** 403: authenticated, but no permission in that project (empty body). */
  | 'ZADIG_FORBIDDEN'
  /** 404, or Zadig's "mongo: no documents in result" for a missing task/workflow. */
  | 'ZADIG_NOT_FOUND'
  /** 400 with a typed envelope carrying a 6xxx business code (see `zadigCode`). */
  | 'ZADIG_BUSINESS'
  /** 400 / code 7050: the feature needs a Zadig licence this installation lacks. */
  | 'ZADIG_LICENSE'
  /** 400 without a business code (bad request). */
  | 'ZADIG_BAD_REQUEST'
  /** 5xx: Zadig's untyped internal error. */
  | 'ZADIG_SERVER'
  /** No answer within the timeout. */
  | 'ZADIG_TIMEOUT'
  /** Connection refused, DNS, reset… */
  | 'ZADIG_NETWORK'
  /** The response did not match the expected schema. */
  | 'ZADIG_PROTOCOL'
  /** The caller aborted. */
  | 'ZADIG_ABORTED';

export interface ZadigErrorInit {
  code: ZadigErrorCode;
  message: string;
  status?: number;
  zadigCode?: number;
  /** Zadig's `description` (the useful detail, e.g. "user bob has no authority to Approve"). */
  description?: string;
  endpoint?: string;
  retryable?: boolean;
  cause?: unknown;
}

export class ZadigError extends Error {
  readonly code: ZadigErrorCode;
  readonly status: number | undefined;
  readonly zadigCode: number | undefined;
  readonly description: string;
  readonly endpoint: string;
  readonly retryable: boolean;

  constructor(init: ZadigErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ZadigError';
    this.code = init.code;
    this.status = init.status;
    this.zadigCode = init.zadigCode;
    this.description = init.description ?? '';
    this.endpoint = init.endpoint ?? '';
    this.retryable =
      init.retryable ??
      (init.code === 'ZADIG_SERVER' || init.code === 'ZADIG_TIMEOUT' || init.code === 'ZADIG_NETWORK');
  }

  /** True for errors that mean "Zadig is down or slow" rather than "your request was wrong". */
  get unavailable(): boolean {
    return this.code === 'ZADIG_TIMEOUT' || this.code === 'ZADIG_NETWORK' || (this.status ?? 0) >= 502;
  }
}

export function isZadigError(e: unknown): e is ZadigError {
  return e instanceof ZadigError;
}

/** Zadig business codes the bot reacts to. */
export const ZadigCodes = {
  createTask: 6160,
  getTask: 6161,
  cancelTask: 6163,
  restartTask: 6164,
  approveTask: 6169,
  listWorkflow: 6541,
  findWorkflow: 6542,
  license: 7050,
} as const;
