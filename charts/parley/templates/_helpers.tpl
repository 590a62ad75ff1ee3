{{/* Names, labels, the config hash and the pod pieces web, worker, migrations and backups share. */}}

{{- define "parley.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "parley.fullname" -}}
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

{{- define "parley.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The version the pods run: the image tag, else the chart's appVersion. */}}
{{- define "parley.version" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{- define "parley.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "parley.version" .) }}
{{- end }}

{{- define "parley.selectorLabels" -}}
app.kubernetes.io/name: {{ include "parley.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "parley.labels" -}}
helm.sh/chart: {{ include "parley.chart" . }}
{{ include "parley.selectorLabels" . }}
app.kubernetes.io/version: {{ include "parley.version" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: parley
{{- end }}

{{- define "parley.secretName" -}}
{{- default (include "parley.fullname" .) .Values.existingSecret }}
{{- end }}

{{- define "parley.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "parley.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "parley.mediaClaim" -}}
{{- default (printf "%s-media" (include "parley.fullname" .)) .Values.media.local.persistence.existingClaim }}
{{- end }}

{{- define "parley.backupClaim" -}}
{{- default (printf "%s-backups" (include "parley.fullname" .)) .Values.backup.persistence.existingClaim }}
{{- end }}

{{/* Local media on a volume that every media-touching pod mounts. */}}
{{- define "parley.localMediaVolume" -}}
{{- and (eq .Values.media.backend "local") .Values.media.local.persistence.enabled }}
{{- end }}

{{/* Backups are on and go to a directory on the chart's backup volume (not s3://). */}}
{{- define "parley.backupVolume" -}}
{{- and .Values.backup.enabled .Values.backup.persistence.enabled (not (hasPrefix "s3://" .Values.backup.destination)) }}
{{- end }}

{{/*
A ReadWriteOnce volume is shared by web, worker and backup pods (local media, or a backup directory): they must run
on one node, one pod each, and a new web pod replaces the old one instead of starting beside it.
*/}}
{{- define "parley.sharedRWO" -}}
{{- $media := and (eq (include "parley.localMediaVolume" .) "true") (not (has "ReadWriteMany" .Values.media.local.persistence.accessModes)) }}
{{- $backups := and (eq (include "parley.backupVolume" .) "true") (not (has "ReadWriteMany" .Values.backup.persistence.accessModes)) }}
{{- or $media $backups }}
{{- end }}

{{/* The public URL: configured, else the first ingress host (https when a TLS entry names it). */}}
{{- define "parley.publicUrl" -}}
{{- if .Values.config.publicUrl }}
{{- .Values.config.publicUrl | trimSuffix "/" }}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts }}
{{- $host := (first .Values.ingress.hosts).host }}
{{- $tls := false }}
{{- range .Values.ingress.tls }}{{ if has $host .hosts }}{{ $tls = true }}{{ end }}{{ end }}
{{- printf "%s://%s" (ternary "https" "http" $tls) $host }}
{{- end }}
{{- end }}

{{/*
What the pods' configuration is made of, hashed: the ConfigMap and every value that feeds the Secret (never the
generated secrets, which `lookup` keeps and a client-side render cannot see). A change rolls the pods and names a
new migrations Job; the same values always give the same hash.
*/}}
{{- define "parley.configHash" -}}
{{- $inputs := dict "config" (include (print .Template.BasePath "/configmap.yaml") .) "database" .Values.database.url "redis" .Values.redis.url "secrets" .Values.secrets "existingSecret" .Values.existingSecret -}}
{{- toJson $inputs | sha256sum }}
{{- end }}

{{/* The migrations Job's name: release, version and a short config hash, within 63 characters. */}}
{{- define "parley.migrateJobName" -}}
{{- $version := include "parley.version" . | lower | replace "+" "-" | replace "_" "-" | trunc 20 | trimSuffix "-" | trimSuffix "." }}
{{- $hash := include "parley.configHash" . | trunc 8 }}
{{- printf "%s-migrate-%s-%s" (include "parley.fullname" . | trunc 24 | trimSuffix "-") $version $hash }}
{{- end }}

{{/* Refusals the schema cannot state: checked once per render. */}}
{{- define "parley.validate" -}}
{{- if and .Values.certificate.enabled (not .Values.ingress.enabled) }}
{{- fail "certificate.enabled needs ingress.enabled: the Certificate covers the ingress hosts" }}
{{- end }}
{{- if and .Values.certificate.enabled (not .Values.certificate.secretName) (not .Values.ingress.tls) }}
{{- fail "certificate.enabled needs certificate.secretName or an ingress.tls entry naming the Secret" }}
{{- end }}
{{- range $component := list "web" "worker" }}
{{- $a := (index $.Values $component).autoscaling }}
{{- if and $a.enabled (gt (int $a.minReplicas) (int $a.maxReplicas)) }}
{{- fail (printf "%s.autoscaling.minReplicas (%v) is above maxReplicas (%v)" $component $a.minReplicas $a.maxReplicas) }}
{{- end }}
{{- end }}
{{- $several := or (gt (int .Values.web.replicas) 1) (gt (int .Values.worker.replicas) 1) .Values.web.autoscaling.enabled .Values.worker.autoscaling.enabled }}
{{- if and $several (eq (include "parley.backupVolume" .) "true") (not (has "ReadWriteMany" .Values.backup.persistence.accessModes)) }}
{{- fail "backup.destination is a directory on a ReadWriteOnce volume, which several web or worker pods cannot share: use s3://bucket/prefix or backup.persistence.accessModes [ReadWriteMany]" }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.ingress.hosts) }}
{{- fail "ingress.enabled needs at least one ingress.hosts entry" }}
{{- end }}
{{- end }}

{{/* Environment from the Secret: the URLs and the secrets, each under the name the binary reads. */}}
{{- define "parley.secretEnv" -}}
{{- $secret := include "parley.secretName" . -}}
{{- $required := list (list "DATABASE_URL" "database-url") (list "REDIS_URL" "redis-url") (list "PARLEY_AUTH__JWT_SECRET" "jwt-secret") (list "PARLEY_SECURITY__ENCRYPTION_KEYS" "encryption-keys") -}}
{{- $optional := list (list "PARLEY_DATABASE__APP_PASSWORD" "app-password") (list "PARLEY_DATABASE__SYSTEM_PASSWORD" "system-password") (list "PARLEY_DATABASE__AUTH_PASSWORD" "auth-password") (list "PARLEY_MAIL__SMTP_PASSWORD" "smtp-password") (list "PARLEY_BILLING__STRIPE_SECRET_KEY" "stripe-secret-key") (list "PARLEY_BILLING__STRIPE_WEBHOOK_SECRET" "stripe-webhook-secret") (list "PARLEY_WHATSAPP__WASENDER_TOKEN" "wasender-token") (list "PARLEY_MEDIA__S3__ACCESS_KEY_ID" "s3-access-key-id") (list "PARLEY_MEDIA__S3__SECRET_ACCESS_KEY" "s3-secret-access-key") -}}
{{- range $required }}
- name: {{ index . 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ index . 1 }}
{{- end }}
{{- range $optional }}
- name: {{ index . 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ index . 1 }}
      optional: true
{{- end }}
{{- end }}

{{/* The container's environment: the ConfigMap, then the Secret. */}}
{{- define "parley.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "parley.fullname" . }}
env:
{{- include "parley.secretEnv" . | trim | nindent 2 }}
{{- end }}

{{/*
Volumes web, worker and backup pods mount: /tmp (the root file system is read-only), the local media volume, and
the backup directory (the admin's Backups page lists, makes and downloads backups there too).
*/}}
{{- define "parley.volumes" -}}
- name: tmp
  emptyDir: {}
{{- if eq (include "parley.localMediaVolume" .) "true" }}
- name: media
  persistentVolumeClaim:
    claimName: {{ include "parley.mediaClaim" . }}
{{- end }}
{{- if eq (include "parley.backupVolume" .) "true" }}
- name: backups
  persistentVolumeClaim:
    claimName: {{ include "parley.backupClaim" . }}
{{- end }}
{{- end }}

{{- define "parley.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if eq (include "parley.localMediaVolume" .) "true" }}
- name: media
  mountPath: /data/media
{{- end }}
{{- if eq (include "parley.backupVolume" .) "true" }}
- name: backups
  mountPath: {{ .Values.backup.destination }}
{{- end }}
{{- end }}

{{/*
Waits until the schema is the one this version expects: `parley migrate --check` exits 0 only when no migration is
pending, so web and worker start after the migrations Job (and old pods keep running meanwhile).
*/}}
{{- define "parley.waitForMigrations" -}}
- name: wait-for-migrations
  image: {{ include "parley.image" . }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  command:
    - /bin/sh
    - -c
    - |
      until parley migrate --check; do
        echo "waiting for the migrations Job {{ include "parley.migrateJobName" . }}"
        sleep {{ .Values.migrations.waitIntervalSeconds }}
      done
  {{- include "parley.env" . | nindent 2 }}
  securityContext:
    {{- toYaml .Values.securityContext | nindent 4 }}
  resources:
    {{- toYaml .Values.migrations.resources | nindent 4 }}
  volumeMounts:
    - name: tmp
      mountPath: /tmp
{{- end }}

{{/* Pods sharing a ReadWriteOnce volume run on the web pod's node ... */}}
{{- define "parley.followWeb" -}}
{{- if eq (include "parley.sharedRWO" .) "true" }}
podAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels:
          {{- include "parley.selectorLabels" . | nindent 10 }}
          app.kubernetes.io/component: web
{{- end }}
{{- end }}

{{/* ... and a new web pod prefers the node where the worker (holding that volume) runs. */}}
{{- define "parley.nearWorker" -}}
{{- if eq (include "parley.sharedRWO" .) "true" }}
podAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            {{- include "parley.selectorLabels" . | nindent 12 }}
            app.kubernetes.io/component: worker
{{- end }}
{{- end }}
