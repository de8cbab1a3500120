{{/*
Names, labels and the checks every render runs. Kept to plain Go template + Sprig so that the chart
renders the same in `helm template` and in the repository's rendering test.
*/}}

{{- define "zadig-chatops.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <release>-<chart>, or just <release> when it already contains the chart name. */}}
{{- define "zadig-chatops.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* The full name shortened so that a "-<suffix>" of up to 7 characters still fits in 63. */}}
{{- define "zadig-chatops.shortname" -}}
{{- include "zadig-chatops.fullname" . | trunc 56 | trimSuffix "-" }}
{{- end }}

{{- define "zadig-chatops.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "zadig-chatops.selectorLabels" -}}
app.kubernetes.io/name: {{ include "zadig-chatops.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "zadig-chatops.labels" -}}
helm.sh/chart: {{ include "zadig-chatops.chart" . }}
{{ include "zadig-chatops.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: zadig-chatops
{{- end }}

{{/* The Secret the pods load their env from: the user's existingSecret or the chart's own. */}}
{{- define "zadig-chatops.secretName" -}}
{{- default (include "zadig-chatops.fullname" .) .Values.existingSecret }}
{{- end }}

{{- define "zadig-chatops.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "zadig-chatops.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "zadig-chatops.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The same cross-field rules the app checks at startup (src/config.ts), failed at install time instead of
as a CrashLoopBackOff. Secret values are only checked when the chart creates the Secret.
*/}}
{{- define "zadig-chatops.validate" -}}
{{- $v := .Values }}
{{- if not $v.existingSecret }}
{{- if not (or $v.slack.botToken $v.feishu.appId) }}
{{- fail "No chat platform is enabled: set slack.botToken (Slack) and/or feishu.appId (Feishu), or existingSecret. / 未启用聊天平台：请设置 slack.botToken（Slack）和/或 feishu.appId（飞书），或使用 existingSecret。" }}
{{- end }}
{{- if and $v.slack.botToken (not (or $v.slack.signingSecret $v.slack.appToken)) }}
{{- fail "slack.signingSecret is required when slack.botToken is set (or slack.appToken for Socket Mode). / 设置了 slack.botToken 时必须设置 slack.signingSecret（Socket Mode 则设置 slack.appToken）。" }}
{{- end }}
{{- if and $v.feishu.appId (not $v.feishu.appSecret) }}
{{- fail "feishu.appSecret is required when feishu.appId is set. / 设置了 feishu.appId 时必须设置 feishu.appSecret。" }}
{{- end }}
{{- if and $v.feishu.appId (eq $v.feishu.mode "webhook") (not (and $v.feishu.encryptKey $v.feishu.verificationToken)) }}
{{- fail "feishu.encryptKey and feishu.verificationToken are required when feishu.mode is webhook. / feishu.mode 为 webhook 时必须设置 feishu.encryptKey 和 feishu.verificationToken。" }}
{{- end }}
{{- $ha := or $v.redis.sentinel.addresses $v.redis.cluster.nodes }}
{{- if not (or $v.redis.url $v.redis.existingSecret $ha) }}
{{- fail "redis.url is required (e.g. redis://:password@redis:6379/0), or set redis.existingSecret, redis.sentinel.addresses or redis.cluster.nodes. / 必须设置 redis.url（例如 redis://:password@redis:6379/0），或设置 redis.existingSecret、redis.sentinel.addresses 或 redis.cluster.nodes。" }}
{{- end }}
{{- if and $v.redis.sentinel.addresses $v.redis.cluster.nodes }}
{{- fail "redis.sentinel.addresses and redis.cluster.nodes exclude each other: set the one your Redis runs. / redis.sentinel.addresses 与 redis.cluster.nodes 只能设置其一。" }}
{{- end }}
{{- if and $ha $v.redis.url }}
{{- fail "redis.url names one Redis endpoint; with redis.sentinel.addresses or redis.cluster.nodes leave it empty (password: redis.password). / 使用哨兵或集群时请留空 redis.url（密码用 redis.password）。" }}
{{- end }}
{{- if and $v.redis.cluster.nodes (not (and (contains "{" $v.redis.prefix) (contains "}" $v.redis.prefix))) }}
{{- fail "redis.prefix must be a hash tag such as {zbot} with redis.cluster.nodes (every key in one slot). / 使用 Redis Cluster 时 redis.prefix 必须是哈希标签，例如 {zbot}。" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
One Deployment for a component ("bot" or "worker"): same image, env and hardening, its own role,
replicas, resources and probes. Called as (dict "root" $ "component" "bot").
*/}}
{{- define "zadig-chatops.deployment" -}}
{{- $root := .root }}
{{- $component := .component }}
{{- $v := index $root.Values $component }}
{{- $short := include "zadig-chatops.shortname" $root }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ printf "%s-%s" $short $component }}
  labels:
    {{- include "zadig-chatops.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
spec:
  replicas: {{ $v.replicas }}
  {{- with $v.strategy }}
  strategy:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "zadig-chatops.selectorLabels" $root | nindent 6 }}
      app.kubernetes.io/component: {{ $component }}
  template:
    metadata:
      annotations:
        # Roll the pods when their configuration or secrets change.
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        {{- if not $root.Values.existingSecret }}
        checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- end }}
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      labels:
        {{- include "zadig-chatops.selectorLabels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ $component }}
        {{- with $root.Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      serviceAccountName: {{ include "zadig-chatops.serviceAccountName" $root }}
      automountServiceAccountToken: false
      {{- with $root.Values.priorityClassName }}
      priorityClassName: {{ . }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ $component }}
          image: {{ include "zadig-chatops.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- with $v.nodeFlags }}
          # The image's command with the component's V8 flags (<component>.nodeFlags in values.yaml).
          command:
            - node
            - --enable-source-maps
            {{- range . }}
            - {{ . | quote }}
            {{- end }}
            - dist/src/main.js
          {{- end }}
          ports:
            - name: http
              containerPort: 3000
              protocol: TCP
          env:
            - name: ZBOT_ROLE
              value: {{ $component | quote }}
            {{- $r := $root.Values.redis }}
            {{- if and $r.existingSecret (or $r.sentinel.addresses $r.cluster.nodes) }}
            - name: REDIS_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ $r.existingSecret }}
                  key: {{ $r.existingSecretPasswordKey }}
            {{- else if $root.Values.redis.existingSecret }}
            - name: REDIS_URL
              valueFrom:
                secretKeyRef:
                  name: {{ $root.Values.redis.existingSecret }}
                  key: {{ $root.Values.redis.existingSecretKey }}
            {{- else if and $root.Values.existingSecret $root.Values.redis.url }}
            - name: REDIS_URL
              value: {{ $root.Values.redis.url | quote }}
            {{- end }}
            {{- with $root.Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "zadig-chatops.fullname" $root }}
            - secretRef:
                name: {{ include "zadig-chatops.secretName" $root }}
          startupProbe:
            httpGet:
              path: /healthz
              port: http
            {{- with $v.startupProbe }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
            {{- with $v.livenessProbe }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
            {{- with $v.readinessProbe }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            # readOnlyRootFilesystem: the only writable place is an emptyDir /tmp.
            - name: tmp
              mountPath: /tmp
            {{- if $root.Values.policy }}
            - name: policy
              mountPath: /etc/zadig-chatops
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- if $root.Values.policy }}
        - name: policy
          configMap:
            name: {{ printf "%s-policy" $short }}
        {{- end }}
      {{- if or $root.Values.spreadAcrossNodes $root.Values.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- if $root.Values.spreadAcrossNodes }}
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "zadig-chatops.selectorLabels" $root | nindent 14 }}
              app.kubernetes.io/component: {{ $component }}
        {{- end }}
        {{- with $root.Values.topologySpreadConstraints }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- end }}
      {{- with $root.Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
