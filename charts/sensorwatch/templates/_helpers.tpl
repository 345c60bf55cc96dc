{{/*
Chart name, truncated to 63 characters (DNS label limit).
*/}}
{{- define "sensorwatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: release-chart unless the release name already contains the chart name.
*/}}
{{- define "sensorwatch.fullname" -}}
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

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "sensorwatch.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels.
*/}}
{{- define "sensorwatch.labels" -}}
helm.sh/chart: {{ include "sensorwatch.chart" . }}
{{ include "sensorwatch.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sensorwatch
{{- end }}

{{/*
Selector labels (stable across upgrades).
*/}}
{{- define "sensorwatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sensorwatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Selector labels of one role: pass (dict "root" $ "component" "scorer").
*/}}
{{- define "sensorwatch.componentSelectorLabels" -}}
{{ include "sensorwatch.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Name of the ServiceAccount to use.
*/}}
{{- define "sensorwatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sensorwatch.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the Secret with the Kafka credentials (existing or created).
*/}}
{{- define "sensorwatch.kafkaSecretName" -}}
{{- if .Values.kafka.auth.existingSecret }}
{{- .Values.kafka.auth.existingSecret }}
{{- else }}
{{- printf "%s-kafka" (include "sensorwatch.fullname" .) }}
{{- end }}
{{- end }}

{{/*
Container image reference.
*/}}
{{- define "sensorwatch.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The worker's configuration file (appsettings.json layout: top-level Kafka, Scorer, Telemetry sections), passed with
--config; values under .Values.config are merged over the chart's Kafka and Telemetry settings.
*/}}
{{- define "sensorwatch.appsettings" -}}
{{- $telemetry := dict "Enabled" true "Port" .Values.telemetry.port "BindAddress" "0.0.0.0" "LivenessBudgetSeconds" .Values.telemetry.livenessBudgetSeconds "LogFormat" .Values.telemetry.logFormat }}
{{- if .Values.telemetry.otlpEndpoint }}
{{- $_ := set $telemetry "OtlpEndpoint" .Values.telemetry.otlpEndpoint }}
{{- end }}
{{- $client := dict }}
{{- if .Values.kafka.auth.enabled }}
{{- $_ := set $client "security.protocol" .Values.kafka.auth.securityProtocol }}
{{- $_ := set $client "sasl.mechanism" .Values.kafka.auth.mechanism }}
{{- end }}
{{- $kafka := dict "BootstrapServers" .Values.kafka.bootstrapServers "GroupId" .Values.kafka.scorerGroup "Client" $client }}
{{- $_ := set $kafka "Topics" (dict "Windows" .Values.kafka.windowsTopic) }}
{{- $base := dict "Telemetry" $telemetry "Kafka" $kafka }}
{{- mustMergeOverwrite $base (deepCopy .Values.config) | toPrettyJson }}
{{- end }}
