/**
 * Failures a sandbox handler can throw; the server turns each into Zadig's exact wire shape
 * (reference §2.4): typed envelopes for business codes, untyped 500s, and bodiless 400/401/403.
 */

/** Zadig's typed `HTTPError`: `{type:"error",message,code,description,extra:{}}`; 6xxx/7xxx → HTTP 400. */
export class ZadigTypedError extends Error {
  constructor(
    readonly code: number,
    readonly zmessage: string,
    readonly description: string,
  ) {
    super(description || zmessage);
  }

  get httpStatus(): number {
    const family = Math.floor(this.code / 1000);
    return family === 6 || family === 7 ? 400 : this.code;
  }
}

/** A plain Go error: HTTP 500 `{"message":"Internal Error: ","code":500,"description":...}`. */
export class PlainError extends Error {}

/** A response with a status and no body (gin `AbortWithStatus`, bind failures, gateway denial). */
export class EmptyStatusError extends Error {
  constructor(readonly status: 400 | 401 | 403) {
    super(`HTTP ${status}`);
  }
}

export const MONGO_NOT_FOUND = 'mongo: no documents in result';

export const Errs = {
  badRequest: (desc: string) => new ZadigTypedError(400, 'Bad Request', desc),
  createTask: (desc: string) => new ZadigTypedError(6160, '创建工作流任务失败', desc),
  getTask: (desc: string) => new ZadigTypedError(6161, '获取工作流任务失败', desc),
  cancelTask: (desc: string) => new ZadigTypedError(6163, '取消工作流任务失败', desc),
  approveTask: (desc: string) => new ZadigTypedError(6169, '批准工作流任务失败', desc),
  findWorkflow: (desc: string) => new ZadigTypedError(6542, '查询workflow失败', desc),
  presetWorkflow: (desc: string) => new ZadigTypedError(6545, '预配置workflow失败', desc),
  lintWorkflow: (desc: string) => new ZadigTypedError(6545, '校验workflow失败', desc),
  license: () => new ZadigTypedError(7050, '用户许可证不可用，请检查许可证后重试', ''),
  forbidden: () => new EmptyStatusError(403),
  bindFailed: () => new EmptyStatusError(400),
  notFound: () => new PlainError(MONGO_NOT_FOUND),
};
