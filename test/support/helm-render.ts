/**
 * A mini `helm template` for tests, where helm itself cannot be installed: loads a chart directory,
 * merges user values over values.yaml the way Helm coalesces them, validates the result against
 * values.schema.json, renders every template with the Go text/template + Sprig subset in
 * ./helm/, and parses each rendered document strictly as YAML.
 *
 * It deliberately fails on syntax and functions outside that subset, and on Go typing mistakes Helm
 * would also reject (a float64 where an int is expected), so a chart that renders here renders in Helm.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { TemplateExecError, TemplateExecutor } from './helm/exec.js';
import { FUNCS } from './helm/funcs.js';
import { type GoMap, isMap } from './helm/go-values.js';
import { type Node, parseTemplate } from './helm/parse.js';

/** Rendering failed: a bad template, a `required`/`fail`, invalid values or invalid YAML output. */
export class HelmRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HelmRenderError';
  }
}

/** What `helm template <release> <chart> -n <namespace> -f values` takes. */
export interface RenderOptions {
  /** User values, merged over values.yaml (a `null` deletes a default, as in Helm). */
  values?: GoMap;
  releaseName?: string;
  namespace?: string;
}

/** One parsed Kubernetes object and the template it came from. */
export interface RenderedDoc {
  source: string;
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

/** The result of rendering a chart. */
export interface RenderedChart {
  /** Rendered text by template name (`<chart>/templates/<file>`); whitespace-only results left out. */
  files: Map<string, string>;
  /** Every non-empty YAML document of every file, parsed. */
  docs: RenderedDoc[];
  /** templates/NOTES.txt rendered (what `helm install` prints). */
  notes: string;
  /** The merged values the templates saw. */
  values: GoMap;
}

/**
 * Helm's value coalescing: maps merge key by key, anything else in `overrides` replaces the default,
 * and `null` removes the key.
 */
export function coalesceValues(defaults: GoMap, overrides: GoMap): GoMap {
  const out: GoMap = { ...defaults };
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = coalesceValues(out[k] as GoMap, v);
    else out[k] = v;
  }
  return out;
}

/** Renders the chart at `chartDir` like `helm template`. @throws HelmRenderError */
export function renderChart(chartDir: string, opts: RenderOptions = {}): RenderedChart {
  const chart = parseYaml(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8')) as GoMap;
  const chartName = String(chart.name);
  const defaults = (parseYaml(readFileSync(join(chartDir, 'values.yaml'), 'utf8')) ?? {}) as GoMap;
  const releaseName = opts.releaseName ?? 'rel';
  if (releaseName.length > 53 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(releaseName)) {
    throw new HelmRenderError(
      `invalid release name "${releaseName}": lowercase DNS-1123, at most 53 characters`,
    );
  }
  const values = coalesceValues(defaults, opts.values ?? {});
  validateValues(chartDir, chartName, values);

  const templatesDir = join(chartDir, 'templates');
  const parsed = new Map<string, Node[]>();
  const defines = new Map<string, Node[]>();
  for (const file of listFiles(templatesDir)) {
    const name = `${chartName}/templates/${relative(templatesDir, file).replaceAll('\\', '/')}`;
    const isFunction = (fn: string) => Object.hasOwn(FUNCS, fn);
    try {
      const t = parseTemplate(readFileSync(file, 'utf8'), name, isFunction);
      parsed.set(name, t.nodes);
      for (const [d, body] of t.defines) defines.set(d, body);
    } catch (e) {
      throw new HelmRenderError(`parse error at (${name}): ${(e as Error).message}`);
    }
  }
  // Helm makes every file includable by its name too (the checksum/config idiom relies on it).
  for (const [name, nodes] of parsed) if (!defines.has(name)) defines.set(name, nodes);

  const exec = new TemplateExecutor(defines, FUNCS);
  const top = {
    Values: values,
    Release: {
      Name: releaseName,
      Namespace: opts.namespace ?? 'default',
      Service: 'Helm',
      IsInstall: true,
      IsUpgrade: false,
      Revision: 1n,
    },
    Chart: chartObject(chart),
    Capabilities: { KubeVersion: { Version: 'v1.31.0', Major: '1', Minor: '31' } },
  };
  const files = new Map<string, string>();
  let notes = '';
  for (const [name, nodes] of parsed) {
    const base = name.split('/').pop() ?? '';
    if (base.startsWith('_')) continue;
    let out: string;
    try {
      out = exec.run(nodes, { ...top, Template: { Name: name, BasePath: `${chartName}/templates` } });
    } catch (e) {
      throw new HelmRenderError(
        e instanceof TemplateExecError ? e.message : `${name}: ${(e as Error).message}`,
      );
    }
    if (base === 'NOTES.txt') notes = out;
    else if (out.trim() !== '') files.set(name, out);
  }
  return { files, docs: parseDocs(files), notes, values };
}

/**
 * Renders one template source against `data` (as `.` and `$`), with the same parser and functions as
 * renderChart; for checking the renderer's own semantics. @throws HelmRenderError
 */
export function renderTemplateString(src: string, data: unknown = {}): string {
  try {
    const t = parseTemplate(src, 'inline', (fn) => Object.hasOwn(FUNCS, fn));
    return new TemplateExecutor(t.defines, FUNCS).run(t.nodes, data);
  } catch (e) {
    throw new HelmRenderError((e as Error).message);
  }
}

/** Helm exposes Chart.yaml keys capitalized (`appVersion` → `.Chart.AppVersion`). */
function chartObject(chart: GoMap): GoMap {
  const out: GoMap = {};
  for (const [k, v] of Object.entries(chart)) {
    out[k === 'apiVersion' ? 'APIVersion' : k.charAt(0).toUpperCase() + k.slice(1)] = v;
  }
  return out;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

// Compiling a schema costs more than a whole render, so each text is compiled once.
const schemas = new Map<string, z.ZodType>();

function validateValues(chartDir: string, chartName: string, values: GoMap): void {
  let schemaText: string;
  try {
    schemaText = readFileSync(join(chartDir, 'values.schema.json'), 'utf8');
  } catch {
    return;
  }
  let schema = schemas.get(schemaText);
  if (!schema) {
    schema = z.fromJSONSchema(JSON.parse(schemaText));
    schemas.set(schemaText, schema);
  }
  const result = schema.safeParse(values);
  if (result.success) return;
  const problems = result.error.issues.map((i) => `- ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new HelmRenderError(
    `values don't meet the specifications of the schema(s) in the following chart(s):\n${chartName}:\n${problems.join('\n')}`,
  );
}

function parseDocs(files: ReadonlyMap<string, string>): RenderedDoc[] {
  const docs: RenderedDoc[] = [];
  for (const [source, text] of files) {
    for (const d of parseAllDocuments(text, { uniqueKeys: true, strict: true })) {
      const problem = d.errors[0] ?? d.warnings[0];
      if (problem) throw new HelmRenderError(`YAML parse error on ${source}: ${problem.message}`);
      const obj = d.toJS();
      if (obj === null || obj === undefined) continue;
      if (!isMap(obj)) throw new HelmRenderError(`${source}: a document is not a mapping`);
      docs.push({ ...obj, source } as RenderedDoc);
    }
  }
  return docs;
}
