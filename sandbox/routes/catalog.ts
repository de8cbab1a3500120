/**
 * Catalog routes (reference §6–§8.1): projects list/detail, services (bare arrays), builds list/detail.
 */
import type { SandboxCore } from '../core.js';
import { Errs } from '../errors.js';
import { type Ctx, canView, page, q, qInt, type Route } from '../http-kit.js';
import { serviceYaml } from '../seed-catalog.js';

function services(production: boolean) {
  return (ctx: Ctx, core: SandboxCore) =>
    core.state.services
      .filter((s) => s.projectKey === q(ctx, 'projectKey') && s.production === production)
      .map((s) => ({
        service_name: s.name,
        source: 'spock',
        type: 'k8s',
        containers: s.containers.map((c) => ({ name: c.name, image: c.image, image_name: c.imageName })),
      }));
}

function service(production: boolean) {
  return (ctx: Ctx, core: SandboxCore) => {
    const s = core.state.services.find(
      (x) =>
        x.projectKey === q(ctx, 'projectKey') && x.production === production && x.name === ctx.params.svc,
    );
    if (!s) throw Errs.notFound();
    return {
      service_name: s.name,
      source: 'spock',
      type: 'k8s',
      template_name: '',
      created_by: s.createdBy,
      created_time: s.createTime,
      yaml: serviceYaml(s),
      containers: s.containers.map((c) => ({ name: c.name, image: c.image, image_name: c.imageName })),
      service_variable_kvs: s.variables.map((v) => ({
        key: v.key,
        value: v.value,
        type: v.type,
        options: [],
        desc: v.desc,
      })),
    };
  };
}

export function catalogRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/openapi/projects/project',
      handler: (ctx, core) => {
        const visible = core.state.projects.filter((p) => canView(ctx.user, p.key));
        return {
          total: visible.length,
          projects: page(visible, qInt(ctx, 'pageNum', 1), qInt(ctx, 'pageSize', 20)).map((p) => ({
            project_name: p.name,
            project_key: p.key,
            description: p.description,
            deploy_type: p.deployType,
          })),
        };
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/projects/project/detail',
      handler: (ctx, core) => {
        const p = core.state.project(q(ctx, 'projectKey'));
        if (!p) throw Errs.notFound();
        return {
          project_name: p.name,
          project_key: p.key,
          is_public: p.isPublic,
          desc: p.description,
          deploy_type: p.deployType,
          create_time: p.createTime,
          created_by: p.createdBy,
        };
      },
    },
    { method: 'GET', pattern: '/openapi/service/yaml/services', handler: services(false) },
    { method: 'GET', pattern: '/openapi/service/yaml/production/services', handler: services(true) },
    { method: 'GET', pattern: '/openapi/service/yaml/:svc', handler: service(false) },
    { method: 'GET', pattern: '/openapi/service/yaml/production/:svc', handler: service(true) },
    {
      method: 'GET',
      pattern: '/openapi/build',
      handler: (ctx, core) => {
        const all = core.state.builds.filter((b) => b.projectKey === q(ctx, 'projectKey'));
        return {
          total: all.length,
          builds: page(all, qInt(ctx, 'pageNum', 1), qInt(ctx, 'pageSize', 20)).map((b) => ({
            name: b.name,
            project_key: b.projectKey,
            source: b.source,
            update_by: b.updateBy,
            update_time: b.updateTime,
            target_services: b.targets.map((t) => ({
              service_name: t.serviceName,
              service_module: t.serviceModule,
            })),
          })),
        };
      },
    },
    {
      method: 'GET',
      pattern: '/openapi/build/:name/detail',
      handler: (ctx, core) => {
        const b = core.state.builds.find(
          (x) => x.projectKey === q(ctx, 'projectKey') && x.name === ctx.params.name,
        );
        if (!b) throw Errs.notFound();
        return {
          project_key: b.projectKey,
          name: b.name,
          source: b.source,
          target_services: b.targets.map((t) => ({
            service_name: t.serviceName,
            service_module: t.serviceModule,
          })),
          template_name: b.templateName,
          update_by: b.updateBy,
          update_time: b.updateTime,
          repos: b.repos.map((r) => ({
            source: r.source,
            repo_owner: r.owner,
            repo_name: r.name,
            branch: r.branch,
            remote_name: 'origin',
            checkout_path: '',
            submodules: false,
            hidden: false,
          })),
          build_env: {
            basic_image_id: '',
            basic_image_label: 'ubuntu 20.04',
            installs: [{ name: 'node', version: '20' }],
          },
          advanced_settings: {
            cluster_name: 'local-k8s',
            strategy_name: '',
            timeout: 60,
            resource_spec: { cpu_limit: 1000, memory_limit: 2048 },
            cache_setting: { enabled: false, cache_dir: '' },
            use_host_docker_daemon: false,
          },
          build_script: b.script,
          parameters: b.parameters.map((p) => ({
            key: p.key,
            value: p.value,
            type: p.type,
            is_credential: p.isCredential,
          })),
          outputs: [{ name: 'IMAGE', description: 'built image' }],
          post_build: {},
        };
      },
    },
  ];
}
