{{/* Names of the chart's objects, all prefixed with the release name. */}}
{{- define "orleansselect.silo" -}}{{ .Release.Name }}-silo{{- end -}}
{{- define "orleansselect.postgres" -}}{{ .Release.Name }}-postgres{{- end -}}
{{- define "orleansselect.data" -}}{{ .Release.Name }}-data{{- end -}}

{{/* The Secret that holds the password (key "password"): the user's own, or the chart's. */}}
{{- define "orleansselect.secret" -}}
{{- if .Values.postgres.existingSecret -}}{{ .Values.postgres.existingSecret }}{{- else -}}{{ .Release.Name }}-postgres{{- end -}}
{{- end -}}

{{/* Whether the chart runs its own demo PostgreSQL. */}}
{{- define "orleansselect.deployPostgres" -}}
{{- if and .Values.postgres.deploy (not .Values.postgres.host) -}}true{{- end -}}
{{- end -}}

{{/* The connection string without its password: the silos add it from the Secret through Npgsql's builder. */}}
{{- define "orleansselect.connectionString" -}}
Host={{ .Values.postgres.host | default (include "orleansselect.postgres" .) }};Port={{ .Values.postgres.port }};Username={{ .Values.postgres.username }};Database={{ .Values.postgres.database }}
{{- end -}}

{{/* The silos' torch device: cuda when GPUs are asked for. */}}
{{- define "orleansselect.device" -}}
{{- if .Values.gpu.enabled -}}{{ if hasPrefix "cuda" .Values.device }}{{ .Values.device }}{{ else }}cuda{{ end }}{{- else -}}{{ .Values.device }}{{- end -}}
{{- end -}}
