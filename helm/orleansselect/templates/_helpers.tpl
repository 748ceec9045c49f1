{{/* Names of the chart's objects, all prefixed with the release name. */}}
{{- define "orleansselect.silo" -}}{{ .Release.Name }}-silo{{- end -}}
{{- define "orleansselect.postgres" -}}{{ .Release.Name }}-postgres{{- end -}}
{{- define "orleansselect.data" -}}{{ .Release.Name }}-data{{- end -}}

{{/* The Secret that holds the connection string: the user's own, or the chart's. */}}
{{- define "orleansselect.secret" -}}
{{- if .Values.postgres.existingSecret -}}{{ .Values.postgres.existingSecret }}{{- else -}}{{ .Release.Name }}-postgres{{- end -}}
{{- end -}}

{{- define "orleansselect.connectionString" -}}
{{- if .Values.postgres.connectionString -}}
{{ .Values.postgres.connectionString }}
{{- else -}}
Host={{ include "orleansselect.postgres" . }};Port=5432;Username={{ .Values.postgres.username }};Password={{ .Values.postgres.password }};Database={{ .Values.postgres.database }}
{{- end -}}
{{- end -}}
